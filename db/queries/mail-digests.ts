import 'server-only';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import type { Db } from '@/db/handle';
import { articles, comments, mailAddresses, outbox } from '@/db/schema';
import { write } from '@/db/writer';
import { siteAddress } from '@/lib/config';
import { normalizeEmail } from '@/lib/email';
import { digestMessage, type DigestEntry } from '@/lib/mail-messages';
import { digestMostEntries, hourStartOf } from '@/lib/outbox';
import { heldEntry, heldMessage, listHeldMailRecipients, staffUnsubscribeUrl } from './held-mail';
import { approvedCommentsToTell, manageUrl, notificationFamilies, queue } from './mail';

// The digests: notifications held back past the per-recipient hourly limit (and moderators'
// hourly choice) wait in the outbox with status `digest`; when their hour is up the sender gathers
// each recipient's into ONE message, keyed by recipient, hour and first item, and marks them `digested` in the
// same write, so none is told twice. What a digest says is read when it is gathered: only text
// that is approved then (held text for moderators, only while still held), never a reply to its
// own author, never to an address that stopped.

type Item = { id: number; kind: string; recipient: string; recipientKey: string; commentId: number | null; userId: number | null; dueAt: Date };

/** Gathers every digest whose hour is up; returns how many digest messages were queued. */
export async function gatherDueDigests(now = Date.now()): Promise<number> {
  // Read first: the sender asks every second, and an empty answer must cost no write.
  const due = await first(
    getDb()
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'digest'), lte(outbox.nextAttemptAt, new Date(now))))
      .limit(1),
  );
  if (!due) return 0;
  return write(async (tx) => {
    // Compare-and-set: a second sender (a lease handed over) finds them gathered already.
    const items: Item[] = await tx
      .update(outbox)
      .set({ status: 'digested' })
      .where(and(eq(outbox.status, 'digest'), lte(outbox.nextAttemptAt, new Date(now))))
      .returning({
        id: outbox.id,
        kind: outbox.kind,
        recipient: outbox.recipient,
        recipientKey: outbox.recipientKey,
        commentId: outbox.commentId,
        userId: outbox.userId,
        dueAt: outbox.nextAttemptAt,
      });
    const groups = new Map<string, Item[]>();
    for (const item of items.sort((a, b) => a.id - b.id)) {
      const staff = item.kind === 'held';
      const name = `${staff ? `staff:${item.userId}` : `reader:${item.recipientKey}`}:${hourStartOf(item.dueAt.getTime() - 1)}`;
      groups.set(name, [...(groups.get(name) ?? []), item]);
    }
    let queued = 0;
    for (const group of groups.values()) {
      const gathered = group[0]!.kind === 'held' ? await gatherHeld(tx, group, now) : await gatherReader(tx, group, now);
      if (gathered) queued += 1;
    }
    return queued;
  });
}

function uniqueCommentIds(group: Item[]): number[] {
  return [...new Set(group.flatMap((item) => (item.commentId === null ? [] : [item.commentId])))];
}

async function gatherReader(tx: Db, group: Item[], now: number): Promise<boolean> {
  const { recipient, recipientKey } = group[0]!;
  const hour = hourStartOf(group[0]!.dueAt.getTime() - 1);
  const address = await first(tx.select({ status: mailAddresses.status }).from(mailAddresses).where(eq(mailAddresses.key, recipientKey)));
  if (address?.status !== 'confirmed') return false;
  const ids = uniqueCommentIds(group);
  if (ids.length === 0) return false;
  const rows = await approvedCommentsToTell(tx, ids);
  const parentIds = [...new Set(rows.flatMap((row) => (row.parentId === null ? [] : [row.parentId])))];
  const parents =
    parentIds.length === 0
      ? []
      : await tx.select({ id: comments.id, notifyKey: comments.notifyKey }).from(comments).where(inArray(comments.id, parentIds));
  const following = new Set(parents.filter((parent) => parent.notifyKey === recipientKey).map((parent) => parent.id));
  const kindOf = new Map(group.map((item) => [item.commentId, item.kind]));
  const entries: DigestEntry[] = [];
  for (const row of rows) {
    const permalink = siteAddress(`/comments/${row.id}`).href;
    if (kindOf.get(row.id) === 'published') {
      if (row.notifyKey === recipientKey) entries.push({ kind: 'published', authorName: row.authorName, text: row.body, headline: row.headline, permalink });
      continue;
    }
    // Still following the comment replied to, and never a reply of the recipient's own.
    if (row.parentId === null || !following.has(row.parentId) || normalizeEmail(row.authorEmail) === recipient) continue;
    entries.push({ kind: 'reply', authorName: row.authorName, text: row.body, headline: row.headline, permalink });
  }
  if (entries.length === 0) return false;
  return queue(tx, {
    key: `digest:${recipientKey}:${hour}:${group[0]!.id}`,
    kind: notificationFamilies.reader.digest,
    recipient,
    content: digestMessage({
      entries: entries.slice(0, digestMostEntries),
      more: Math.max(0, entries.length - digestMostEntries),
      links: { manageUrl: manageUrl(recipientKey, now) },
    }),
    now,
  });
}

async function gatherHeld(tx: Db, group: Item[], now: number): Promise<boolean> {
  const userId = group[0]!.userId;
  if (userId === null) return false;
  const hour = hourStartOf(group[0]!.dueAt.getTime() - 1);
  // The moderator's choice as it is now: one who turned it off (or left) hears nothing more.
  const [moderator] = await listHeldMailRecipients(tx, userId);
  if (!moderator) return false;
  const ids = uniqueCommentIds(group);
  if (ids.length === 0) return false;
  const held = await tx
    .select({ id: comments.id, headline: articles.headline, authorName: comments.authorName, authorEmail: comments.authorEmail, body: comments.body })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(inArray(comments.id, ids), eq(comments.status, 'pending')))
    .orderBy(asc(comments.id));
  if (held.length === 0) return false;
  return queue(tx, {
    key: `held-digest:${userId}:${hour}:${group[0]!.id}`,
    kind: notificationFamilies.staff.digest,
    recipient: moderator.email,
    userId,
    unsubscribeUrl: staffUnsubscribeUrl(moderator.email, now),
    content: heldMessage(
      held.slice(0, digestMostEntries).map((comment) => heldEntry(comment, moderator, now)),
      Math.max(0, held.length - digestMostEntries),
    ),
    now,
  });
}

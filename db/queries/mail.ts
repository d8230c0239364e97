import 'server-only';
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lte, ne, sql as sqlRaw } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import type { Db } from '@/db/handle';
import { serializeWrites } from '@/db/dialect';
import { articles, comments, mailAddresses, mailKinds, outbox } from '@/db/schema';
import { write } from '@/db/writer';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { siteAddress } from '@/lib/config';
import { normalizeEmail } from '@/lib/email';
import { emailKeyOf, signAddressLink, signMailLink } from '@/lib/mail-links';
import { confirmationMessage, publishedMessage, readerDataLinkMessage, replyMessage, type MailContent } from '@/lib/mail-messages';
import {
  attemptHoldMs,
  confirmationLimits,
  digestDueAt,
  hourStartOf,
  maxAttempts,
  notificationsPerRecipientPerHour,
  retryDelayMs,
  type DueMessage,
} from '@/lib/outbox';
import { keyedHash } from '@/lib/secret';

// Privacy contract: the outbox holds recipients' addresses; only the sender and admins
// (listOutbox, which checks the role) read them. mail_addresses holds keys, never an address.
// Messages are queued inside the write of the event that causes them, each under a key of its
// own (one row per message ever: a repeated event queues nothing new).

export type MailKind = (typeof mailKinds)[number];

export type NewMessage = {
  key: string;
  kind: MailKind;
  recipient: string;
  requestedBy?: string | null;
  content: MailContent;
  now: number;
  /** The comment it is about, and the member of staff it is for (held-comment email). */
  commentId?: number | null;
  userId?: number | null;
  /** Instead of the reader's manage link (staff email stops by a link of its own). */
  unsubscribeUrl?: string;
  /** Held back for the digest due then (see queueNotification), instead of sent. */
  digestAt?: number;
};

export function manageUrl(addressKey: string, now: number): string {
  return siteAddress(`/email/manage?token=${signMailLink('manage', addressKey, now)}`).href;
}

export async function queue(tx: Db, message: NewMessage): Promise<boolean> {
  const addressKey = emailKeyOf(message.recipient);
  const inserted = await tx
    .insert(outbox)
    .values({
      key: message.key,
      kind: message.kind,
      recipient: normalizeEmail(message.recipient),
      recipientKey: addressKey,
      requestedBy: message.requestedBy ?? null,
      subject: message.content.subject,
      textBody: message.content.text,
      htmlBody: message.content.html,
      unsubscribeUrl: message.unsubscribeUrl ?? siteAddress(`/email/unsubscribe?token=${signMailLink('manage', addressKey, message.now)}`).href,
      commentId: message.commentId ?? null,
      userId: message.userId ?? null,
      ...(message.digestAt === undefined ? {} : { status: 'digest' as const }),
      nextAttemptAt: new Date(message.digestAt ?? message.now),
      createdAt: new Date(message.now),
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id });
  return inserted.length > 0;
}

/** The kinds that count towards one address's hourly limit, and the digest that gathers the rest. */
export const notificationFamilies = {
  reader: { kinds: ['reply', 'published', 'digest'], digest: 'digest' },
  staff: { kinds: ['held', 'held-digest'], digest: 'held-digest' },
} as const satisfies Record<string, { kinds: readonly MailKind[]; digest: MailKind }>;

/**
 * A notification, within the per-recipient limit: the first 5 of a clock hour go out as they come;
 * the rest wait (status `digest`) for one digest at the end of the hour (db/queries/mail-digests.ts).
 */
export async function queueNotification(tx: Db, message: NewMessage, family: keyof typeof notificationFamilies): Promise<boolean> {
  const recipientKey = emailKeyOf(message.recipient);
  // On PostgreSQL two approvals for one reader could otherwise both see room for one more.
  await serializeWrites(tx, `mail-recipient:${recipientKey}`);
  // Stops at the limit: a flood of held-back rows in the hour is never counted one by one.
  const sent = await tx
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.recipientKey, recipientKey),
        inArray(outbox.kind, [...notificationFamilies[family].kinds]),
        gte(outbox.createdAt, new Date(hourStartOf(message.now))),
        inArray(outbox.status, ['queued', 'sent', 'failed']),
      ),
    )
    .limit(notificationsPerRecipientPerHour);
  const overLimit = sent.length >= notificationsPerRecipientPerHour;
  return queue(tx, overLimit ? { ...message, digestAt: message.digestAt ?? digestDueAt(message.now) } : message);
}

async function isConfirmed(tx: Db, addressKey: string): Promise<boolean> {
  const row = await first(tx.select({ status: mailAddresses.status }).from(mailAddresses).where(eq(mailAddresses.key, addressKey)));
  return row?.status === 'confirmed';
}

/** The key a client address is counted by for the per-client limit. */
export function clientKeyOf(clientAddress: string): string {
  return keyedHash('mail-client', clientAddress);
}

/**
 * Mail a reader's request causes (a confirmation, a data link): at most so many of a kind a day to
 * one address, some minutes apart, and so many an hour caused by one client (lib/outbox.ts).
 */
async function withinRequestLimits(tx: Db, request: { addressKey: string; kind: MailKind; requestedBy: string | null; now: number }): Promise<boolean> {
  const { addressKey, kind, requestedBy, now } = request;
  const sentToAddress = await tx
    .select({ createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(eq(outbox.recipientKey, addressKey), eq(outbox.kind, kind), gt(outbox.createdAt, new Date(now - 86_400_000))))
    .orderBy(desc(outbox.createdAt));
  if (sentToAddress.length >= confirmationLimits.perAddressPerDay) return false;
  if (sentToAddress[0] && now - sentToAddress[0].createdAt.getTime() < confirmationLimits.perAddressGapMs) return false;
  if (!requestedBy) return true;
  const fromClient = await first(
    tx
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.requestedBy, requestedBy), gt(outbox.createdAt, new Date(now - 3_600_000)))),
  );
  return Number(fromClient?.n ?? 0) < confirmationLimits.perClientPerHour;
}

/**
 * A reader ticked "Notify me of replies by email" on comment `commentId`: unless the address is
 * confirmed, one confirmation email, within the per-address and per-client limits. Never says
 * which happened: the reader's page reads the same whether or not the address is known.
 */
export async function requestReplyNotifications(
  tx: Db,
  request: { commentId: number; email: string; clientAddress: string | null; now?: number },
): Promise<void> {
  const now = request.now ?? Date.now();
  const addressKey = emailKeyOf(request.email);
  if (await isConfirmed(tx, addressKey)) return;
  const requestedBy = request.clientAddress ? clientKeyOf(request.clientAddress) : null;
  if (!(await withinRequestLimits(tx, { addressKey, kind: 'confirm', requestedBy, now }))) return;
  const confirmUrl = siteAddress(`/email/confirm?token=${signMailLink('confirm', addressKey, now)}`).href;
  await queue(tx, {
    key: `confirm:${addressKey}:${request.commentId}`,
    kind: 'confirm',
    recipient: request.email,
    requestedBy,
    content: confirmationMessage({ confirmUrl, links: { manageUrl: manageUrl(addressKey, now) } }),
    now,
  });
}

/** The comments of `ids` that are approved now, in order, with what a message about each says (only approved text is ever sent). */
export function approvedCommentsToTell(tx: Db, ids: number[]) {
  return tx
    .select({
      id: comments.id,
      parentId: comments.parentId,
      authorName: comments.authorName,
      authorEmail: comments.authorEmail,
      notifyKey: comments.notifyKey,
      body: comments.body,
      headline: articles.headline,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(inArray(comments.id, ids), eq(comments.status, 'approved')))
    .orderBy(asc(comments.id));
}

/**
 * Comments that have just become public (approved by a moderator, or at once): the reply
 * notification to the parent's author and "your comment is published" to the comment's own author,
 * for addresses that asked and confirmed. Only approved text; never to the reply's own author.
 */
export async function queueApprovalMail(tx: Db, commentIds: number[], options: { announcePublished: boolean; now?: number }): Promise<void> {
  if (commentIds.length === 0) return;
  const now = options.now ?? Date.now();
  const approved = await approvedCommentsToTell(tx, commentIds);
  for (const reply of approved) {
    const permalink = siteAddress(`/comments/${reply.id}`).href;
    if (options.announcePublished && reply.notifyKey && (await isConfirmed(tx, reply.notifyKey))) {
      await queueNotification(
        tx,
        {
          key: `published:${reply.id}`,
          kind: 'published',
          recipient: reply.authorEmail,
          commentId: reply.id,
          content: publishedMessage({ headline: reply.headline, commentText: reply.body, permalink, links: { manageUrl: manageUrl(reply.notifyKey, now) } }),
          now,
        },
        'reader',
      );
    }
    if (reply.parentId === null) continue;
    const parent = await first(
      tx
        .select({ id: comments.id, email: comments.authorEmail, notifyKey: comments.notifyKey })
        .from(comments)
        .where(and(eq(comments.id, reply.parentId), isNotNull(comments.notifyKey))),
    );
    if (!parent?.notifyKey || normalizeEmail(parent.email) === normalizeEmail(reply.authorEmail)) continue;
    if (!(await isConfirmed(tx, parent.notifyKey))) continue;
    await queueNotification(tx, {
      key: `reply:${reply.id}:to:${parent.id}`,
      kind: 'reply',
      recipient: parent.email,
      commentId: reply.id,
      content: replyMessage({
        replyAuthor: reply.authorName,
        replyText: reply.body,
        headline: reply.headline,
        permalink,
        links: { manageUrl: manageUrl(parent.notifyKey, now) },
      }),
      now,
    }, 'reader');
  }
}

/** Messages due now, oldest first: for the sender (one server at a time, under its lease). */
export async function listDueMessages(now = Date.now(), limit = 20): Promise<DueMessage[]> {
  return getDb()
    .select({
      id: outbox.id,
      key: outbox.key,
      recipient: outbox.recipient,
      subject: outbox.subject,
      text: outbox.textBody,
      html: outbox.htmlBody,
      unsubscribeUrl: outbox.unsubscribeUrl,
      attempts: outbox.attempts,
    })
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, new Date(now))))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit);
}

/**
 * Before a message goes to the mail server: counts the attempt and moves its next try past the
 * backoff, so a sender that dies mid-send does not send it again at once.
 */
export async function startAttempt(id: number, now = Date.now()): Promise<boolean> {
  const rows = await write((tx) =>
    tx
      .update(outbox)
      .set({ attempts: sqlIncrement(), nextAttemptAt: new Date(now + attemptHoldMs) })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, new Date(now))))
      .returning({ attempts: outbox.attempts }),
  );
  return rows.length > 0;
}

function sqlIncrement() {
  return sqlRaw`${outbox.attempts} + 1`;
}

export async function markSent(id: number, file: string | null, now = Date.now()): Promise<void> {
  await write((tx) => tx.update(outbox).set({ status: 'sent', sentAt: new Date(now), file, lastError: null }).where(eq(outbox.id, id)));
}

/** The mail server refused or could not be reached: tried again after the backoff, or given up. */
export async function markFailed(id: number, attempts: number, error: string, now = Date.now()): Promise<void> {
  await write((tx) =>
    tx
      .update(outbox)
      .set(
        attempts >= maxAttempts
          ? { status: 'failed', lastError: error.slice(0, 500) }
          : { nextAttemptAt: new Date(now + retryDelayMs(attempts)), lastError: error.slice(0, 500) },
      )
      .where(eq(outbox.id, id)),
  );
}

type OutboxStatus = (typeof outbox.$inferSelect)['status'];

export type OutboxEntry = {
  id: number;
  kind: MailKind;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  file: string | null;
  createdAt: string;
  sentAt: string | null;
};

/** The outbox for admins (recipients included), newest first. */
export async function listOutbox(staff: Staff, limit = 100): Promise<OutboxEntry[]> {
  assertAllowed(staff, 'administer');
  const rows = await getDb()
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      file: outbox.file,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .orderBy(desc(outbox.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), sentAt: row.sentAt?.toISOString() ?? null }));
}

/** One message's file name in the data folder, for admins. */
export async function getOutboxFile(staff: Staff, id: number): Promise<string | null> {
  assertAllowed(staff, 'administer');
  const row = await first(getDb().select({ file: outbox.file }).from(outbox).where(eq(outbox.id, id)));
  return row?.file ?? null;
}

/** The address behind a confirmation link confirmed it: notifications may go to it now. */
export async function confirmAddress(addressKey: string, now = Date.now()): Promise<void> {
  await write((tx) =>
    tx
      .insert(mailAddresses)
      .values({ key: addressKey, status: 'confirmed', updatedAt: new Date(now) })
      .onConflictDoUpdate({ target: mailAddresses.key, set: { status: 'confirmed', updatedAt: new Date(now) } }),
  );
}

export type AddressSubscriptions = {
  confirmed: boolean;
  /** The comments this address asked to hear replies to. */
  comments: { id: number; headline: string; excerpt: string; createdAt: string }[];
};

/** What one address (by its key, from a signed link) receives. */
export async function getAddressSubscriptions(addressKey: string): Promise<AddressSubscriptions> {
  const db = getDb();
  const address = await first(db.select({ status: mailAddresses.status }).from(mailAddresses).where(eq(mailAddresses.key, addressKey)));
  const rows = await db
    .select({ id: comments.id, headline: articles.headline, body: comments.body, createdAt: comments.createdAt })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(and(eq(comments.notifyKey, addressKey), ne(comments.status, 'trash')))
    .orderBy(desc(comments.createdAt))
    .limit(200);
  return {
    confirmed: address?.status === 'confirmed',
    comments: rows.map((row) => ({
      id: row.id,
      headline: row.headline,
      excerpt: row.body.length > 140 ? `${row.body.slice(0, 140)}…` : row.body,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

/** Stops every email to this address (and forgets which comments it followed); only its own key. */
export async function stopAllMail(addressKey: string, now = Date.now()): Promise<void> {
  await write(async (tx) => {
    await tx
      .insert(mailAddresses)
      .values({ key: addressKey, status: 'unsubscribed', updatedAt: new Date(now) })
      .onConflictDoUpdate({ target: mailAddresses.key, set: { status: 'unsubscribed', updatedAt: new Date(now) } });
    await tx.update(comments).set({ notifyKey: null }).where(eq(comments.notifyKey, addressKey));
    // Nothing still waiting goes out either.
    await tx
      .update(outbox)
      .set({ status: 'failed', lastError: 'unsubscribed' })
      .where(and(eq(outbox.recipientKey, addressKey), inArray(outbox.status, ['queued', 'digest'])));
  });
}

/** Stops replies to one comment, if that comment is this address's. */
export async function stopRepliesTo(addressKey: string, commentId: number): Promise<void> {
  await write((tx) => tx.update(comments).set({ notifyKey: null }).where(and(eq(comments.id, commentId), eq(comments.notifyKey, addressKey))));
}

/** How long a sent or given-up message (with its address) is kept for the admins' outbox. */
export const keepSentMailMs = 30 * 86_400_000;

/** Forgets messages sent or given up more than 30 days ago; returns their .eml files, to be removed too. */
export async function forgetOldMail(now = Date.now()): Promise<string[]> {
  const gone = await write((tx) =>
    tx
      .delete(outbox)
      .where(and(inArray(outbox.status, ['sent', 'failed', 'digested']), lte(outbox.createdAt, new Date(now - keepSentMailMs))))
      .returning({ file: outbox.file }),
  );
  return gone.flatMap((row) => (row.file ? [row.file] : []));
}

/**
 * A reader asked for the comments written with `email` (the caller has checked that there are
 * some): one email with a signed link to them, within the same limits as confirmations. Says
 * nothing of what happened, so the page can answer alike for every address.
 */
export async function queueReaderDataLink(tx: Db, request: { email: string; clientAddress: string | null; now?: number }): Promise<void> {
  const now = request.now ?? Date.now();
  const addressKey = emailKeyOf(request.email);
  const requestedBy = request.clientAddress ? clientKeyOf(request.clientAddress) : null;
  if (!(await withinRequestLimits(tx, { addressKey, kind: 'data', requestedBy, now }))) return;
  const dataUrl = siteAddress(`/email/your-data/comments?token=${signAddressLink('data', request.email, now)}`).href;
  await queue(tx, {
    key: `data:${addressKey}:${now}`,
    kind: 'data',
    recipient: request.email,
    requestedBy,
    content: readerDataLinkMessage({ dataUrl, links: { manageUrl: manageUrl(addressKey, now) } }),
    now,
  });
}

import 'server-only';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import type { Db } from '@/db/handle';
import { write } from '@/db/writer';
import { articles, comments, moderationLog } from '@/db/schema';
import { assertAllowed, type Staff } from '@/lib/accounts';
import type { CommentStatus } from '@/lib/comments';
import { normalizeEmail } from '@/lib/email';
import { anonymisedEmailOf, anonymousName, removedText, type ReaderData, type ReaderDataChange, type ReaderDataResult } from '@/lib/reader-data';
import { avatarKeyOf } from './comments';
import { queueReaderDataLink } from './mail';

// Privacy contract: these functions return one address's comments with that address, their IPs
// and user agents. The reader's side is called only with the address from a signed link the caller
// has checked (lib/mail-links.ts checkAddressLink); an admin's side checks the role here. Never a
// public shape; nothing here reaches a cached page.

/** Who is asking: the holder of a signed link for the address, or a signed-in admin (by post or phone). */
export type ReaderDataActor = { kind: 'reader' } | { kind: 'staff'; staff: Staff };

function authorise(actor: ReaderDataActor): void {
  if (actor.kind === 'staff') assertAllowed(actor.staff, 'administer');
}

/** Admins' requests are logged (never the address): who, what, which comments. */
function logStaff(actor: ReaderDataActor, what: string): void {
  if (actor.kind === 'staff') console.log(`margin: reader data: ${actor.staff.role} #${actor.staff.id} ${what}`);
}

async function hasComments(db: Db, email: string): Promise<boolean> {
  return (await first(db.select({ id: comments.id }).from(comments).where(eq(comments.authorEmail, email)).limit(1))) !== undefined;
}

/**
 * The "Your comments and data" form: when comments were written with the address, one email with
 * a signed link to them, within the send limits; otherwise nothing. Returns nothing either way, so
 * the page answers alike.
 */
export async function requestReaderData(email: string, clientAddress: string | null, now = Date.now()): Promise<void> {
  const address = normalizeEmail(email);
  await write(async (tx) => {
    if (await hasComments(tx, address)) await queueReaderDataLink(tx, { email: address, clientAddress, now });
  });
}

/** Every comment written with the address, in any status, newest first. */
export async function getReaderData(actor: ReaderDataActor, email: string): Promise<ReaderData> {
  authorise(actor);
  const address = normalizeEmail(email);
  const rows = await getDb()
    .select({
      id: comments.id,
      articleHeadline: articles.headline,
      articleSlug: articles.slug,
      parentId: comments.parentId,
      status: comments.status,
      authorName: comments.authorName,
      authorEmail: comments.authorEmail,
      authorUrl: comments.authorUrl,
      body: comments.body,
      ip: comments.ip,
      userAgent: comments.userAgent,
      createdAt: comments.createdAt,
      updatedAt: comments.updatedAt,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(eq(comments.authorEmail, address))
    .orderBy(desc(comments.createdAt), desc(comments.id));
  logStaff(actor, `read the comments of one address (${rows.length})`);
  return {
    email: address,
    comments: rows.map(({ articleSlug, createdAt, updatedAt, ...row }) => ({
      ...row,
      articlePath: `/articles/${articleSlug}`,
      createdAt: createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
    })),
  };
}

/**
 * Deletes or anonymises the comments written with the address: all of them, or the one
 * `commentId` names if it is theirs (another's id changes nothing). Anonymising keeps the comment
 * under "Anonymous" with no address, website, IP, user agent or browser key (the text kept or
 * replaced). Deleting removes the row, except where replies answer it: then it stays as an
 * anonymous "removed" comment, so the thread still reads in place. Replies are
 * handled before the comments they answer (newest first), so a reader's own replies never keep a
 * parent.
 */
export async function changeReaderComments(
  actor: ReaderDataActor,
  email: string,
  change: ReaderDataChange,
  commentId: number | null = null,
  now = Date.now(),
): Promise<ReaderDataResult> {
  authorise(actor);
  const address = normalizeEmail(email);
  const at = new Date(now);
  const userId = actor.kind === 'staff' ? actor.staff.id : null;
  const candidates = await getDb()
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.authorEmail, address), commentId === null ? undefined : eq(comments.id, commentId)))
    .orderBy(desc(comments.id));
  const result = { deleted: [] as number[], anonymised: [] as number[], slugs: new Set<string>() };
  // Short transactions of a batch each, so a reader with thousands of comments never holds the
  // writer for long; each checks the address again, and a repeat finishes what a failure left.
  for (let start = 0; start < candidates.length; start += changeBatch) {
    const batch = candidates.slice(start, start + changeBatch).map((row) => row.id);
    const done = await write(async (tx) => {
      const changed = { deleted: [] as number[], anonymised: [] as number[], slugs: [] as string[] };
      const rows = await tx
        .select({ id: comments.id, status: comments.status, slug: articles.slug })
        .from(comments)
        .innerJoin(articles, eq(articles.id, comments.articleId))
        .where(and(inArray(comments.id, batch), eq(comments.authorEmail, address)))
        .orderBy(desc(comments.id));
      for (const row of rows) {
        const replies = await first(tx.select({ n: count() }).from(comments).where(eq(comments.parentId, row.id)));
        if (change === 'delete' && Number(replies?.n ?? 0) === 0) {
          await tx.delete(comments).where(eq(comments.id, row.id));
          changed.deleted.push(row.id);
        } else {
          await anonymise(tx, row, change, userId, at);
          changed.anonymised.push(row.id);
        }
        if (row.status === 'approved') changed.slugs.push(row.slug);
      }
      return changed;
    });
    result.deleted.push(...done.deleted);
    result.anonymised.push(...done.anonymised);
    for (const slug of done.slugs) result.slugs.add(slug);
  }
  const ids = [...result.deleted, ...result.anonymised];
  logStaff(actor, `${change === 'delete' ? 'deleted' : change} ${ids.length} comment(s) of one address: ${ids.join(', ') || 'none'}`);
  return { deleted: result.deleted.length, anonymised: result.anonymised.length, changedSlugs: [...result.slugs] };
}

const changeBatch = 100;

async function anonymise(tx: Db, row: { id: number; status: CommentStatus }, change: ReaderDataChange, userId: number | null, at: Date): Promise<void> {
  const removeText = change !== 'anonymise';
  const anonymisedEmail = anonymisedEmailOf(row.id);
  await tx
    .update(comments)
    .set({
      authorName: anonymousName,
      authorEmail: anonymisedEmail,
      avatarKey: avatarKeyOf(anonymisedEmail),
      authorUrl: null,
      ip: null,
      network: null,
      userAgent: null,
      readerKey: null,
      notifyKey: null,
      ...(removeText ? { body: removedText } : {}),
      updatedAt: at,
    })
    .where(eq(comments.id, row.id));
  // An author's earlier text, kept for moderators, goes with the text.
  if (removeText) {
    await tx
      .update(moderationLog)
      .set({ note: null })
      .where(and(eq(moderationLog.commentId, row.id), eq(moderationLog.action, 'author-edit')));
  }
  await tx.insert(moderationLog).values({
    commentId: row.id,
    userId,
    action: change === 'delete' ? 'reader-data-delete' : `reader-data-${change}`,
    fromStatus: row.status,
    toStatus: row.status,
    note: change === 'delete' ? 'kept for its replies, text removed' : null,
    createdAt: at,
  });
}

/** For the admins' download log: the ids a download holds. */
export function logReaderDataDownload(actor: ReaderDataActor, data: ReaderData, format: string): void {
  logStaff(actor, `downloaded the comments of one address as ${format}: ${data.comments.map((c) => c.id).join(', ') || 'none'}`);
}

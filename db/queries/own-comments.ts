import 'server-only';
import { and, asc, count, eq, gt, inArray, ne } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import type { Db } from '@/db/handle';
import { write } from '@/db/writer';
import { articles, comments, moderationLog } from '@/db/schema';
import { alias } from 'drizzle-orm/sqlite-core';
import { decideStatus } from '@/lib/comment-policy';
import { ownChangeAllowed, statusAfterEdit, type OwnChange, type OwnComment } from '@/lib/own-words';
import type { DiscussionSettings } from '@/lib/settings';
import { websiteForMatching } from '@/lib/post-rules';
import { readerKeyOf } from './comments';
import { queueHeldCommentMail } from './held-mail';
import { errorMessage } from '@/lib/error-message';

// "Your own words": a reader edits or deletes a comment their browser wrote (comments.reader_key is
// the SHA-256 of its token), for `ownEditMinutes` after posting, while no one has replied
// (lib/own-words.ts). Nothing here returns an email, an address or another reader's comment.

/** The comment on the author's edit page. */
export type OwnCommentDraft = { id: number; articleSlug: string; body: string; until: string };
export type OwnChangeResult =
  | { ok: true; changedSlugs: string[] }
  | { ok: false; reason: Exclude<OwnChange, { ok: true }>['reason'] | 'not-yours' };

const replies = alias(comments, 'reply');
/** Replies that count: anything another reader or a moderator may see, not spam or trash. */
const liveReply = inArray(replies.status, ['approved', 'pending']);

async function replyCount(db: Db, commentId: number): Promise<number> {
  const row = await first(db.select({ n: count() }).from(replies).where(and(eq(replies.parentId, commentId), liveReply)));
  return row?.n ?? 0;
}

/** The comments this browser wrote on one article that it may still change at `now`. */
export async function listOwnComments(articleId: number, readerToken: string, minutes: number, now = Date.now()): Promise<OwnComment[]> {
  if (minutes <= 0) return [];
  const db = getDb();
  const rows = await db
    .select({ id: comments.id, createdAt: comments.createdAt, status: comments.status })
    .from(comments)
    .where(
      and(
        eq(comments.readerKey, readerKeyOf(readerToken)),
        eq(comments.articleId, articleId),
        ne(comments.status, 'trash'),
        gt(comments.createdAt, new Date(now - minutes * 60_000)),
      ),
    )
    .orderBy(asc(comments.id));
  const own: OwnComment[] = [];
  for (const row of rows) {
    const verdict = ownChangeAllowed({ ...row, replies: await replyCount(db, row.id) }, minutes, now);
    if (verdict.ok) own.push({ id: row.id, until: verdict.until.toISOString() });
  }
  return own;
}

type Found = { ok: true; row: OwnRow; until: Date } | { ok: false; reason: Exclude<OwnChangeResult, { ok: true }>['reason'] };
type OwnRow = {
  id: number;
  articleId: number;
  articleSlug: string;
  body: string;
  status: 'pending' | 'approved' | 'spam' | 'trash';
  heldReason: string | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  createdAt: Date;
};

async function findOwn(db: Db, commentId: number, readerToken: string, minutes: number, now: number): Promise<Found> {
  const row = await first(
    db
      .select({
        id: comments.id,
        articleId: comments.articleId,
        articleSlug: articles.slug,
        body: comments.body,
        status: comments.status,
        heldReason: comments.heldReason,
        authorName: comments.authorName,
        authorEmail: comments.authorEmail,
        authorUrl: comments.authorUrl,
        createdAt: comments.createdAt,
        readerKey: comments.readerKey,
      })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(eq(comments.id, commentId)),
  );
  // Someone else's comment and one that does not exist answer alike.
  if (!row || row.readerKey === null || row.readerKey !== readerKeyOf(readerToken)) return { ok: false, reason: 'not-yours' };
  if (minutes <= 0) return { ok: false, reason: 'too-late' };
  const verdict = ownChangeAllowed({ ...row, replies: await replyCount(db, row.id) }, minutes, now);
  if (!verdict.ok) return verdict;
  return { ok: true, row, until: verdict.until };
}

/** The author's own comment, for their edit page; null when this browser may not change it now. */
export async function getOwnComment(commentId: number, readerToken: string, minutes: number, now = Date.now()): Promise<OwnCommentDraft | null> {
  const found = await findOwn(getDb(), commentId, readerToken, minutes, now);
  if (!found.ok) return null;
  return { id: found.row.id, articleSlug: found.row.articleSlug, body: found.row.body, until: found.until.toISOString() };
}

export type OwnEditRules = Pick<DiscussionSettings, 'ownEditMinutes' | 'holdLinkCount' | 'moderationWords' | 'disallowedWords'>;

/**
 * The author's edit: checked again in the write (who, until when, no reply), the new text judged by
 * the content rules of a new post, the previous text kept in the moderation log ('author-edit').
 */
export async function editOwnComment(
  commentId: number,
  readerToken: string,
  body: string,
  rules: OwnEditRules,
  now = Date.now(),
): Promise<OwnChangeResult> {
  return write(async (tx) => {
    const found = await findOwn(tx, commentId, readerToken, rules.ownEditMinutes, now);
    if (!found.ok) return found;
    const { row } = found;
    const verdict = statusAfterEdit(
      row,
      decideStatus({
        settings: { ...rules, approvalPolicy: 'none' },
        fields: [row.authorName, row.authorEmail, row.authorUrl ?? '', websiteForMatching(row.authorUrl ?? undefined), body],
        body,
        authorHasApprovedComment: true,
      }),
    );
    const at = new Date(now);
    await tx
      .update(comments)
      .set({ body, status: verdict.status, heldReason: verdict.heldReason, updatedAt: at })
      .where(eq(comments.id, row.id));
    await tx.insert(moderationLog).values({
      commentId: row.id,
      userId: null,
      action: 'author-edit',
      fromStatus: row.status,
      toStatus: verdict.status,
      note: row.body,
      createdAt: at,
    });
    if (verdict.status === 'pending' && row.status !== 'pending') {
      // Back in the queue: moderators who asked hear of it, in a savepoint of its own (email never fails the edit).
      await write((mailTx) => queueHeldCommentMail(mailTx, row.id, now, { editedAt: now })).catch((error: unknown) =>
        console.error(`margin: could not queue the email of an edited comment: ${errorMessage(error)}`),
      );
    }
    const publicChange = row.status === 'approved' || verdict.status === 'approved';
    return { ok: true, changedSlugs: publicChange ? [row.articleSlug] : [] };
  });
}

/** The author's delete: to the trash, held as "deleted by its author" (purged with the rest of the trash). */
export async function deleteOwnComment(commentId: number, readerToken: string, minutes: number, now = Date.now()): Promise<OwnChangeResult> {
  return write(async (tx) => {
    const found = await findOwn(tx, commentId, readerToken, minutes, now);
    if (!found.ok) return found;
    const { row } = found;
    const at = new Date(now);
    await tx.update(comments).set({ status: 'trash', heldReason: 'deleted by its author', flagged: false, updatedAt: at }).where(eq(comments.id, row.id));
    await tx.insert(moderationLog).values({
      commentId: row.id,
      userId: null,
      action: 'author-delete',
      fromStatus: row.status,
      toStatus: 'trash',
      note: null,
      createdAt: at,
    });
    return { ok: true, changedSlugs: row.status === 'approved' ? [row.articleSlug] : [] };
  });
}

import 'server-only';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { articles, comments, moderationLog, reports } from '@/db/schema';
import { avatarKeyOf } from './comments';
import { readModerationQueue } from './moderation-queue';
import type { CommentStatus } from '@/lib/comments';
import {
  needsFlagged,
  statusesAllowing,
  statusesAllowingPanels,
  targetStatus,
  type ModerationIntent,
  type Queue,
  type QueueFilter,
  type StatusIntent,
} from '@/lib/moderation';

// The moderators' view: emails and IPs included, so every function here checks the session first.
// Which step is allowed from which status is lib/moderation.ts; each write checks it in its WHERE,
// so a stale tab can never apply a step to a comment that has moved on. Every function that writes
// more than once does it in one transaction: a decision and its log line stand or fall together.

export async function listModerationQueue(staff: Staff, filter: QueueFilter): Promise<Queue> {
  assertAllowed(staff, 'moderate');
  return readModerationQueue(filter);
}

export type ModerationResult =
  | { ok: true; changedSlugs: string[] }
  | { ok: false; reason: 'already-handled' | 'not-allowed' };

function logEntry(moderator: Staff, commentId: number, action: string, from: string | null, to: string | null, note?: string) {
  return { commentId, userId: moderator.id, action, fromStatus: from, toStatus: to, note: note ?? null, createdAt: new Date() };
}

/** The comments a step may apply to now, as lib/moderation.ts says. */
function allowedNow(intent: ModerationIntent): SQL {
  const conditions = [inArray(comments.status, [...statusesAllowing(intent)])];
  if (needsFlagged(intent)) conditions.push(eq(comments.flagged, true));
  return and(...conditions)!;
}

/**
 * Compare-and-set: the change applies only if the comment still has the status the moderator saw,
 * so a stale tab can never resurrect what another moderator already handled.
 */
export async function setCommentStatus(
  moderator: Staff,
  commentIds: number[],
  seen: CommentStatus,
  intent: StatusIntent,
): Promise<ModerationResult> {
  assertAllowed(moderator, 'moderate');
  if (!statusesAllowing(intent).includes(seen)) return { ok: false, reason: 'not-allowed' };
  const to = targetStatus(intent);
  const now = new Date();
  const changed = getDb().transaction((tx) => {
    const updated = tx
      .update(comments)
      .set({
        status: to,
        // A decision settles any reports: the comment is judged, not hidden any longer.
        flagged: false,
        updatedAt: now,
        ...(to === 'approved' ? { approvedBy: moderator.id, approvedAt: now } : {}),
      })
      .where(and(inArray(comments.id, commentIds), eq(comments.status, seen), allowedNow(intent)))
      .returning({ id: comments.id, articleId: comments.articleId })
      .all();
    if (updated.length === 0) return updated;
    const ids = updated.map((row) => row.id);
    tx.insert(moderationLog)
      .values(ids.map((id) => logEntry(moderator, id, intent, seen, to)))
      .run();
    if (to !== 'approved') {
      tx.update(reports)
        .set({ dismissedAt: now })
        .where(and(inArray(reports.commentId, ids), isNull(reports.dismissedAt)))
        .run();
    }
    return updated;
  });
  if (changed.length === 0) return { ok: false, reason: 'already-handled' };
  const publicChange = seen === 'approved' || to === 'approved';
  return { ok: true, changedSlugs: publicChange ? slugsOf(changed.map((row) => row.articleId)) : [] };
}

function slugsOf(articleIds: number[]): string[] {
  const unique = [...new Set(articleIds)];
  return getDb()
    .select({ slug: articles.slug })
    .from(articles)
    .where(inArray(articles.id, unique))
    .all()
    .map((row) => row.slug);
}

/** Readers' reports were unfounded: back on the public page, reports cleared. */
export async function dismissReports(moderator: Staff, commentId: number): Promise<ModerationResult> {
  assertAllowed(moderator, 'moderate');
  const now = new Date();
  const row = getDb().transaction((tx) => {
    const dismissed = tx
      .update(comments)
      .set({ flagged: false, reportCount: 0, updatedAt: now })
      .where(and(eq(comments.id, commentId), allowedNow('dismiss')))
      .returning({ articleId: comments.articleId, status: comments.status })
      .get();
    if (!dismissed) return undefined;
    tx.update(reports)
      .set({ dismissedAt: now })
      .where(and(eq(reports.commentId, commentId), isNull(reports.dismissedAt)))
      .run();
    tx.insert(moderationLog).values(logEntry(moderator, commentId, 'dismiss-reports', dismissed.status, dismissed.status)).run();
    return dismissed;
  });
  if (!row) return { ok: false, reason: 'already-handled' };
  return { ok: true, changedSlugs: row.status === 'approved' ? slugsOf([row.articleId]) : [] };
}

/** Only from Trash; the log goes with the comment. Replies stay, detached from it. */
export async function deleteCommentPermanently(staff: Staff, commentId: number): Promise<ModerationResult> {
  assertAllowed(staff, 'moderate');
  const deleted = getDb()
    .delete(comments)
    .where(and(eq(comments.id, commentId), allowedNow('delete')))
    .returning({ id: comments.id })
    .all();
  return deleted.length ? { ok: true, changedSlugs: [] } : { ok: false, reason: 'already-handled' };
}

/** Edit, Reply and Ban are offered on a comment with one of these statuses (not from the trash). */
const panelsOpen = () => inArray(comments.status, [...statusesAllowingPanels()]);

export async function editComment(
  moderator: Staff,
  commentId: number,
  input: { body: string; authorName: string; authorUrl: string | null },
): Promise<ModerationResult> {
  assertAllowed(moderator, 'moderate');
  const row = getDb().transaction((tx) => {
    const edited = tx
      .update(comments)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(comments.id, commentId), panelsOpen()))
      .returning({ articleId: comments.articleId, status: comments.status })
      .get();
    if (!edited) return undefined;
    tx.insert(moderationLog).values(logEntry(moderator, commentId, 'edit', edited.status, edited.status)).run();
    return edited;
  });
  if (!row) return { ok: false, reason: 'already-handled' };
  return { ok: true, changedSlugs: row.status === 'approved' ? slugsOf([row.articleId]) : [] };
}

/** A moderator's reply: approved at once and badged Staff. */
export async function createStaffReply(moderator: Staff, parentId: number, body: string): Promise<ModerationResult> {
  assertAllowed(moderator, 'moderate');
  const articleId = getDb().transaction((tx) => {
    const parent = tx
      .select({ articleId: comments.articleId })
      .from(comments)
      .where(and(eq(comments.id, parentId), panelsOpen()))
      .get();
    if (!parent) return undefined;
    const now = new Date();
    const reply = tx
      .insert(comments)
      .values({
        articleId: parent.articleId,
        parentId,
        authorName: moderator.name,
        authorEmail: moderator.email,
        avatarKey: avatarKeyOf(moderator.email),
        body,
        status: 'approved',
        isStaff: true,
        approvedBy: moderator.id,
        approvedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: comments.id })
      .get();
    tx.insert(moderationLog).values(logEntry(moderator, reply.id, 'staff-reply', null, 'approved')).run();
    return parent.articleId;
  });
  if (articleId === undefined) return { ok: false, reason: 'already-handled' };
  return { ok: true, changedSlugs: slugsOf([articleId]) };
}

import 'server-only';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { write } from '@/db/writer';
import { articles, comments, moderationLog, reports } from '@/db/schema';
import { avatarKeyOf } from './comments';
import { queueApprovalMail } from './mail';
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
import { errorMessage } from '@/lib/error-message';

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
  const changed = await write(async (tx) => {
    const updated = await tx
      .update(comments)
      .set({
        status: to,
        // A decision settles any reports: the comment is judged, not hidden any longer.
        flagged: false,
        updatedAt: now,
        ...(to === 'approved' ? { approvedBy: moderator.id, approvedAt: now } : {}),
      })
      .where(and(inArray(comments.id, commentIds), eq(comments.status, seen), allowedNow(intent)))
      .returning({ id: comments.id, articleId: comments.articleId });
    if (updated.length === 0) return updated;
    const ids = updated.map((row) => row.id);
    await tx.insert(moderationLog)
      .values(ids.map((id) => logEntry(moderator, id, intent, seen, to)));
    if (to === 'approved') {
      // The approved text only, in the decision's transaction; a failure to queue never undoes the decision.
      await write((mailTx) => queueApprovalMail(mailTx, ids, { announcePublished: true })).catch((error: unknown) =>
        console.error(`margin: could not queue the email of an approval: ${errorMessage(error)}`),
      );
    }
    if (to !== 'approved') {
      await tx.update(reports)
        .set({ dismissedAt: now })
        .where(and(inArray(reports.commentId, ids), isNull(reports.dismissedAt)));
    }
    return updated;
  });
  if (changed.length === 0) return { ok: false, reason: 'already-handled' };
  const publicChange = seen === 'approved' || to === 'approved';
  return { ok: true, changedSlugs: publicChange ? await slugsOf(changed.map((row) => row.articleId)) : [] };
}

async function slugsOf(articleIds: number[]): Promise<string[]> {
  const unique = [...new Set(articleIds)];
  const rows = await getDb().select({ slug: articles.slug }).from(articles).where(inArray(articles.id, unique));
  return rows.map((row) => row.slug);
}

/** Readers' reports were unfounded: back on the public page, reports cleared. */
export async function dismissReports(moderator: Staff, commentId: number): Promise<ModerationResult> {
  assertAllowed(moderator, 'moderate');
  const now = new Date();
  const row = await write(async (tx) => {
    const dismissed = await first(
      tx
        .update(comments)
        .set({ flagged: false, reportCount: 0, updatedAt: now })
        .where(and(eq(comments.id, commentId), allowedNow('dismiss')))
        .returning({ articleId: comments.articleId, status: comments.status }),
    );
    if (!dismissed) return undefined;
    await tx.update(reports)
      .set({ dismissedAt: now })
      .where(and(eq(reports.commentId, commentId), isNull(reports.dismissedAt)));
    await tx.insert(moderationLog).values(logEntry(moderator, commentId, 'dismiss-reports', dismissed.status, dismissed.status));
    return dismissed;
  });
  if (!row) return { ok: false, reason: 'already-handled' };
  return { ok: true, changedSlugs: row.status === 'approved' ? await slugsOf([row.articleId]) : [] };
}

/** Only from Trash; the log goes with the comment. Replies stay, detached from it. */
export async function deleteCommentPermanently(staff: Staff, commentId: number): Promise<ModerationResult> {
  assertAllowed(staff, 'moderate');
  const deleted = await write((tx) =>
    tx
      .delete(comments)
      .where(and(eq(comments.id, commentId), allowedNow('delete')))
      .returning({ id: comments.id }),
  );
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
  const row = await write(async (tx) => {
    const edited = await first(
      tx
        .update(comments)
        .set({ ...input, updatedAt: new Date() })
        .where(and(eq(comments.id, commentId), panelsOpen()))
        .returning({ articleId: comments.articleId, status: comments.status }),
    );
    if (!edited) return undefined;
    await tx.insert(moderationLog).values(logEntry(moderator, commentId, 'edit', edited.status, edited.status));
    return edited;
  });
  if (!row) return { ok: false, reason: 'already-handled' };
  return { ok: true, changedSlugs: row.status === 'approved' ? await slugsOf([row.articleId]) : [] };
}

/** A moderator's reply: approved at once and badged Staff. */
export async function createStaffReply(moderator: Staff, parentId: number, body: string): Promise<ModerationResult> {
  assertAllowed(moderator, 'moderate');
  const articleId = await write(async (tx) => {
    const parent = await first(
      tx
        .select({ articleId: comments.articleId })
        .from(comments)
        .where(and(eq(comments.id, parentId), panelsOpen())),
    );
    if (!parent) return undefined;
    const now = new Date();
    const reply = await first(
      tx
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
        .returning({ id: comments.id }),
    );
    await tx.insert(moderationLog).values(logEntry(moderator, reply!.id, 'staff-reply', null, 'approved'));
    await write((mailTx) => queueApprovalMail(mailTx, [reply!.id], { announcePublished: false })).catch((error: unknown) =>
      console.error(`margin: could not queue the email of a staff reply: ${errorMessage(error)}`),
    );
    return parent.articleId;
  });
  if (articleId === undefined) return { ok: false, reason: 'already-handled' };
  return { ok: true, changedSlugs: await slugsOf([articleId]) };
}

import 'server-only';
import { and, count, countDistinct, eq, gt, isNull, sum } from 'drizzle-orm';
import { first } from '@/db/index';
import { serializeWrites } from '@/db/dialect';
import { write } from '@/db/writer';
import { articles, comments, reports, type ReportReason } from '@/db/schema';
import { isPublicComment } from './public-comment';
import { readerKeyOf } from './comments';
import { isHiddenByReports, reportWeight } from '@/lib/moderation';

// Readers' reports. A reader learns only whether their report was taken; never who else reported.

export type ReportOutcome =
  | { result: 'reported'; hiddenNow: boolean }
  | { result: 'already-reported' | 'too-many' | 'unknown-comment' };

export const reportsPerClientPerHour = 10;

export function reportComment(input: {
  commentId: number;
  articleSlug: string;
  /** The reporter as the reports of one comment are told apart: their network (lib/ip-range.ts floodNetwork). */
  clientKey: string;
  /** The reporter's browser (reader token), if it has one: its approved comments weigh its report. */
  readerToken: string | null;
  reason: ReportReason;
  note: string | null;
  threshold: number;
}): Promise<ReportOutcome> {
  return write(async (tx) => {
    // On PostgreSQL reports run side by side: the counts below must include the others' reports
    // of the same comment (its threshold) and from the same reader (the hourly limit).
    await serializeWrites(tx, `comment-reports:${input.commentId}`, `reports-from:${input.clientKey}`);
    const target = await first(
      tx
        .select({ id: comments.id })
        .from(comments)
        .innerJoin(articles, eq(articles.id, comments.articleId))
        .where(and(eq(comments.id, input.commentId), eq(articles.slug, input.articleSlug), isPublicComment())),
    );
    if (!target) return { result: 'unknown-comment' as const };
    const lastHour = new Date(Date.now() - 3_600_000);
    const recent =
      (
        await first(
          tx
            .select({ n: count() })
            .from(reports)
            .where(and(eq(reports.clientKey, input.clientKey), gt(reports.createdAt, lastHour))),
        )
      )?.n ?? 0;
    if (recent >= reportsPerClientPerHour) return { result: 'too-many' as const };
    const known = input.readerToken
      ? await first(
          tx
            .select({ id: comments.id })
            .from(comments)
            .where(and(eq(comments.readerKey, readerKeyOf(input.readerToken)), eq(comments.status, 'approved')))
            .limit(1),
        )
      : undefined;
    const inserted = await first(
      tx
        .insert(reports)
        .values({
          commentId: input.commentId,
          clientKey: input.clientKey,
          reason: input.reason,
          note: input.note,
          weight: reportWeight({ hasApprovedComment: known !== undefined }),
          createdAt: new Date(),
        })
        .onConflictDoNothing()
        .returning({ id: reports.id }),
    );
    if (!inserted) return { result: 'already-reported' as const };
    const standing = await first(
      tx
        .select({ reporters: countDistinct(reports.clientKey), weight: sum(reports.weight).mapWith(Number) })
        .from(reports)
        .where(and(eq(reports.commentId, input.commentId), isNull(reports.dismissedAt))),
    );
    const reporters = standing?.reporters ?? 0;
    const hiddenNow = isHiddenByReports(standing?.weight ?? 0, input.threshold);
    await tx.update(comments)
      .set({ reportCount: reporters, flagged: hiddenNow })
      .where(eq(comments.id, input.commentId));
    return { result: 'reported' as const, hiddenNow };
  });
}

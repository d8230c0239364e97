import 'server-only';
import { and, inArray, isNotNull, lt, or } from 'drizzle-orm';
import { changedRows } from '@/db/handle';
import { write } from '@/db/writer';
import { comments } from '@/db/schema';

// What Margin keeps only for a while (issue 12): a comment's address and user agent, needed
// against floods and for bans while the comment is fresh, and spam and trash, kept so a moderator
// can undo a mistake. Housekeeping runs these every minute on one server, a batch at a time, so a
// site's first sweep after years never holds the writer for long.

const batch = 1000;
const dayMs = 24 * 60 * 60_000;

/** Forgets the address, its network and the user agent of comments written more than `days` ago. Returns how many. */
export async function forgetClientDetails(days: number, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - days * dayMs);
  const detailsKept = or(isNotNull(comments.ip), isNotNull(comments.userAgent), isNotNull(comments.network));
  const result = await write((tx) => {
    const due = tx.select({ id: comments.id }).from(comments).where(and(lt(comments.createdAt, cutoff), detailsKept)).limit(batch);
    return tx.update(comments).set({ ip: null, network: null, userAgent: null }).where(inArray(comments.id, due));
  });
  return changedRows(result);
}

/** Deletes spam and trash marked so (their last change) more than `days` ago, as Delete permanently does. Returns how many. */
export async function purgeSpamAndTrash(days: number, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - days * dayMs);
  const result = await write((tx) => {
    const due = tx.select({ id: comments.id }).from(comments).where(and(inArray(comments.status, ['spam', 'trash']), lt(comments.updatedAt, cutoff))).limit(batch);
    return tx.delete(comments).where(inArray(comments.id, due));
  });
  return changedRows(result);
}

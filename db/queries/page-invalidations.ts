import 'server-only';
import { asc, gt, lt, max, sql } from 'drizzle-orm';
import { first, getDb, preparedQuery } from '@/db/index';
import { changedRows } from '@/db/handle';
import { write } from '@/db/writer';
import { pageInvalidations } from '@/db/schema';

// The page invalidations each server announces to the others on this database
// (app/_lib/shared-invalidation.ts). Paths and Next's cache tags only: nothing about a person.

export type AnnouncedInvalidation = { pages: string[] | 'all'; nextTags: string[] };

/** How long an announcement is kept: far longer than any server takes to hear of it. */
export const announcementLifetimeMs = 10 * 60_000;

/** Records an invalidation this server made, for the others: a write of its own, after the change it follows. */
export async function announceInvalidation(origin: string, invalidation: AnnouncedInvalidation): Promise<void> {
  await write((tx) =>
    tx.insert(pageInvalidations).values({
      origin,
      pages: invalidation.pages === 'all' ? null : JSON.stringify(invalidation.pages),
      nextTags: JSON.stringify(invalidation.nextTags),
    }),
  );
}

/** The newest announcement's id (0 for none): where a server starting now begins to listen. */
export async function latestAnnouncementId(): Promise<number> {
  return (await first(getDb().select({ id: max(pageInvalidations.id) }).from(pageInvalidations)))?.id ?? 0;
}

const announcementsAfter = preparedQuery((db) =>
  db
    .select({ id: pageInvalidations.id, origin: pageInvalidations.origin, pages: pageInvalidations.pages, nextTags: pageInvalidations.nextTags })
    .from(pageInvalidations)
    .where(gt(pageInvalidations.id, sql.placeholder('after')))
    .orderBy(asc(pageInvalidations.id))
    .prepare(),
);

/** Other servers' announcements after `afterId`, oldest first, with the id to listen after next. */
export async function announcementsSince(afterId: number, ownOrigin: string): Promise<{ invalidations: AnnouncedInvalidation[]; lastId: number }> {
  const rows = await announcementsAfter().execute({ after: afterId });
  return {
    invalidations: rows
      .filter((row) => row.origin !== ownOrigin)
      .map((row) => ({
        pages: row.pages === null ? 'all' : (JSON.parse(row.pages) as string[]),
        nextTags: JSON.parse(row.nextTags) as string[],
      })),
    lastId: Math.max(afterId, ...rows.map((row) => row.id)),
  };
}

/** Drops announcements older than their lifetime (housekeeping, on one server at a time). */
export async function forgetOldAnnouncements(now = Date.now()): Promise<number> {
  const result = await write((tx) => tx.delete(pageInvalidations).where(lt(pageInvalidations.createdAt, new Date(now - announcementLifetimeMs))));
  return changedRows(result);
}

import 'server-only';
import { and, asc, eq, gt, lt, lte, min } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { articles } from '@/db/schema';
import { publicStatus } from './public-article';

// What the publication scheduler (lib/publication-schedule.ts) asks: when the next scheduled
// article becomes public and which became public in a stretch of time. Slugs and times only.

/** The earliest time after `after` at which a published article becomes public, or null. */
export async function nextPublicationAfter(after: number): Promise<number | null> {
  const row = await first(
    getDb()
      .select({ at: min(articles.publishedAt) })
      .from(articles)
      .where(and(eq(articles.status, publicStatus), gt(articles.publishedAt, new Date(after)))),
  );
  return row?.at ? row.at.getTime() : null;
}

/**
 * Slugs of articles that became public by the passing of time in (from, to]: published, with their
 * time in that stretch, and saved before it (scheduled). One saved at or after its time was
 * published by that save, which empties the pages itself (revalidateListings).
 */
export async function publishedBetween(from: number, to: number): Promise<string[]> {
  const rows = await getDb()
    .select({ slug: articles.slug })
    .from(articles)
    .where(
      and(
        eq(articles.status, publicStatus),
        gt(articles.publishedAt, new Date(from)),
        lte(articles.publishedAt, new Date(to)),
        lt(articles.updatedAt, articles.publishedAt),
      ),
    )
    .orderBy(asc(articles.publishedAt));
  return rows.map((row) => row.slug);
}

import 'server-only';
import { and, eq, lte, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { storedTime } from '@/db/dialect';
import { articles } from '@/db/schema';

// One definition of a public article for every query behind a public page: published, and its
// time has come. A published article with a later time is scheduled; drafts, articles in review and
// unpublished ones are never public. Front page, sections, tags, authors, search, feeds, sitemaps
// and the article page all read it from here.

export const publicStatus = 'published' as const;

/**
 * The condition on the articles table (or an alias of it) for articles public at `now`: a time,
 * or a placeholder bound to milliseconds since 1970 when the query is prepared once.
 */
export function isPublicArticle(now: Date | number | Placeholder, table: typeof articles = articles): SQL {
  const at = typeof now === 'number' ? new Date(now) : now;
  return and(eq(table.status, publicStatus), lte(table.publishedAt, at))!;
}

/** The same rule inside hand-written SQL: `alias` names the articles table there, `now` is milliseconds. */
export function publicArticleSql(alias: string, now: number): SQL {
  const table = sql.identifier(alias);
  return sql`(${table}.status = ${publicStatus} and ${table}.published_at <= ${storedTime(now)})`;
}

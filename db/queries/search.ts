import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { allRows, databaseKind } from '@/db/dialect';
import { highlightEnd, highlightStart, toMatchExpression, toTsQueryParts, type TsQueryParts } from '@/lib/search-query';
import { bylinesOf, type StoryByline, type StorySection } from './stories';
import { publicArticleSql } from './public-article';

// Search over public articles' headline, standfirst and body (articles_fts, kept by triggers in
// db/migrations/0004). Ranked by bm25 with the headline weighing most; the public rule is checked
// against the articles table on every query, so a draft, a scheduled or an unpublished article is
// never found even though the index holds its words. On PostgreSQL the same over the generated
// tsvector articles.search (db/migrations-postgres/0002): ts_rank with the same proportions,
// ts_headline for the marks, the same result shape.

export type SearchResult = {
  slug: string;
  /** The headline with matched words between highlightStart and highlightEnd (lib/search-query.ts). */
  headline: string;
  /** Matched words in context, marked the same way: from the body, else the standfirst. */
  snippet: string;
  publishedAt: string;
  section: StorySection | null;
  bylines: StoryByline[];
};

export type SearchOutcome =
  | { status: 'empty' }
  /** The index refused the query: never expected (every word is quoted), answered kindly all the same. */
  | { status: 'failed' }
  | { status: 'ok'; results: SearchResult[]; total: number; page: number; pages: number; perPage: number };

/** Column weights for bm25: headline, standfirst, body. */
const weights = sql`10.0, 4.0, 1.0`;
const snippetTokens = 28;

type Row = {
  id: number;
  slug: string;
  headline: string;
  bodySnippet: string;
  standfirst: string;
  publishedAt: number;
  sectionSlug: string | null;
  sectionName: string | null;
};

/**
 * One page of results for what a reader typed. `empty` when there is nothing to search for (no
 * word in it); a page past the last has no results but says how many there are.
 */
export async function searchArticles(query: string, { page = 1, perPage = 10, now = Date.now() } = {}): Promise<SearchOutcome> {
  const match = databaseKind === 'postgres' ? toTsQueryParts(query) : toMatchExpression(query);
  if (match === null) return { status: 'empty' };
  try {
    return typeof match === 'string' ? await searchOnSqlite(match, page, perPage, now) : await searchOnPostgres(match, page, perPage, now);
  } catch (error) {
    console.error('margin: search failed for', JSON.stringify(match), error);
    return { status: 'failed' };
  }
}

// `cross join` keeps the index first: SQLite would otherwise walk every public article and ask the
// index about each one (10 s instead of 0.1 s for a common word over 10,000 articles).
async function searchOnSqlite(match: string, page: number, perPage: number, now: number): Promise<SearchOutcome> {
  const db = getDb();
  const isPublic = publicArticleSql('a', now);
  const total =
    db.get<{ n: number }>(sql`
      select count(*) as n from articles_fts cross join articles a on a.id = articles_fts.rowid
      where articles_fts match ${match} and ${isPublic}`)?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const rows =
    total === 0 || page > pages
      ? []
      : db.all<Row>(sql`
          select a.id as id, a.slug as slug, a.published_at as publishedAt,
            s.slug as sectionSlug, s.name as sectionName,
            highlight(articles_fts, 0, ${highlightStart}, ${highlightEnd}) as headline,
            highlight(articles_fts, 1, ${highlightStart}, ${highlightEnd}) as standfirst,
            snippet(articles_fts, 2, ${highlightStart}, ${highlightEnd}, '…', ${snippetTokens}) as bodySnippet
          from articles_fts
          cross join articles a on a.id = articles_fts.rowid
          left join sections s on s.id = a.section_id
          where articles_fts match ${match} and ${isPublic}
          order by bm25(articles_fts, ${weights}), a.published_at desc, a.id desc
          limit ${perPage} offset ${(page - 1) * perPage}`);
  return { status: 'ok', results: await toResults(rows), total, page, pages, perPage };
}

async function toResults(rows: Row[]): Promise<SearchResult[]> {
  const bylines = await bylinesOf(rows.map((row) => row.id));
  return rows.map((row) => ({
    slug: row.slug,
    headline: row.headline,
    snippet: row.bodySnippet.includes(highlightStart) ? row.bodySnippet : row.standfirst,
    publishedAt: new Date(row.publishedAt).toISOString(),
    section: row.sectionSlug !== null && row.sectionName !== null ? { slug: row.sectionSlug, name: row.sectionName } : null,
    bylines: bylines.get(row.id) ?? [],
  }));
}

/** ts_rank's weights, D C B A: headline 1, standfirst 0.4, body 0.1 (bm25's 10, 4, 1 above). */
const postgresWeights = '{0, 0.1, 0.4, 1.0}';
const wholeText = `StartSel=${highlightStart}, StopSel=${highlightEnd}, HighlightAll=true`;
const snippetText = `StartSel=${highlightStart}, StopSel=${highlightEnd}, MaxWords=${snippetTokens}, MinWords=12, MaxFragments=1, FragmentDelimiter=…`;

async function searchOnPostgres(parts: TsQueryParts, page: number, perPage: number, now: number): Promise<SearchOutcome> {
  const db = getDb();
  const isPublic = publicArticleSql('a', now);
  const query = sql`${sql.join(
    [
      ...parts.phrases.map((phrase) => sql`phraseto_tsquery('margin_search', ${phrase})`),
      ...(parts.prefix === null ? [] : [sql`to_tsquery('margin_search', ${`${parts.prefix}:*`})`]),
    ],
    sql` && `,
  )}`;
  const [counted] = await allRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from articles a where a.search @@ (${query}) and ${isPublic}`,
  );
  const total = counted?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const rows =
    total === 0 || page > pages
      ? []
      : await allRows<Row>(
          db,
          sql`
            select a.id as "id", a.slug as "slug", (extract(epoch from a.published_at) * 1000)::float8 as "publishedAt",
              s.slug as "sectionSlug", s.name as "sectionName",
              ts_headline('margin_search', a.headline, q, ${wholeText}) as "headline",
              ts_headline('margin_search', a.standfirst, q, ${wholeText}) as "standfirst",
              ts_headline('margin_search', a.body_text, q, ${snippetText}) as "bodySnippet"
            from articles a
            cross join (select ${query} as q) as searched
            left join sections s on s.id = a.section_id
            where a.search @@ q and ${isPublic}
            order by ts_rank(${postgresWeights}, a.search, q) desc, a.published_at desc, a.id desc
            limit ${perPage} offset ${(page - 1) * perPage}`,
        );
  return { status: 'ok', results: await toResults(rows), total, page, pages, perPage };
}

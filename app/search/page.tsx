import type { Metadata } from 'next';
import { getSiteSettings } from '@/db/queries/settings';
import Link from 'next/link';
import { Byline } from '@/components/byline';
import { Highlighted } from '@/components/highlighted';
import { Pager } from '@/components/pager';
import { SearchForm } from '@/components/search-form';
import { searchArticles, type SearchOutcome } from '@/db/queries/search';
import { formatDate } from '@/lib/format';
import { articlePath, parsePageNumber, searchPath, sectionPath } from '@/lib/paths';
import { cleanQuery } from '@/lib/search-query';
import styles from './search.module.css';

// Search is a GET form and a page per query: it works without JavaScript, and every result page
// has an address. Rendered per request (never kept by the serving edge: one page per query).

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readQuery(searchParams: PageProps<'/search'>['searchParams']) {
  const params = await searchParams;
  return { query: cleanQuery(first(params.q)), page: parsePageNumber(first(params.page)) ?? 1 };
}

export async function generateMetadata({ searchParams }: PageProps<'/search'>): Promise<Metadata> {
  const { query } = await readQuery(searchParams);
  // Result pages are for readers: search engines are told not to index them.
  return { title: query ? `Search: ${query}` : 'Search', robots: { index: false, follow: true } };
}

function Results({ query, outcome, timeZone }: { query: string; outcome: SearchOutcome; timeZone: string }) {
  if (query === '') return <p>Search the headlines, standfirsts and stories of every published article.</p>;
  if (outcome.status === 'empty') {
    return <p role="status">There is nothing to search for in “{query}”. Try a word or two.</p>;
  }
  if (outcome.status === 'failed') return <p role="status">Search is not available just now. Please try again in a moment.</p>;
  if (outcome.total === 0) {
    return (
      <p role="status">
        No stories match “{query}”. Every word must appear in a story; try fewer words or another spelling.
      </p>
    );
  }
  if (outcome.results.length === 0) {
    return (
      <p role="status">
        There {outcome.pages === 1 ? 'is only one page' : `are only ${outcome.pages} pages`} of results for “{query}”.{' '}
        <a href={searchPath(query)}>Back to the first page</a>
      </p>
    );
  }
  const { page, pages, total } = outcome;
  return (
    <>
      <p role="status" className="teaser-meta">
        {total === 1 ? '1 story matches' : `${total} stories match`} “{query}”{pages > 1 && ` · page ${page} of ${pages}`}
      </p>
      <ol className={styles.results} aria-label="Results">
        {outcome.results.map((result) => (
          <li key={result.slug}>
            {result.section && (
              <p className={styles.kicker}>
                <Link href={sectionPath(result.section.slug)} prefetch={false}>
                  {result.section.name}
                </Link>
              </p>
            )}
            <h2 className={styles.headline}>
              <Link href={articlePath(result.slug)}>
                <Highlighted text={result.headline} />
              </Link>
            </h2>
            <p className={styles.snippet}>
              <Highlighted text={result.snippet} />
            </p>
            <p className="teaser-meta">
              {result.bylines.length > 0 && (
                <>
                  <Byline bylines={result.bylines} credit={null} />
                  {' · '}
                </>
              )}
              <time dateTime={result.publishedAt}>{formatDate(result.publishedAt, timeZone)}</time>
            </p>
          </li>
        ))}
      </ol>
      <Pager page={page} pages={pages} pathOf={(n) => searchPath(query, n)} label="Result pages" />
    </>
  );
}

export default async function SearchPage({ searchParams }: PageProps<'/search'>) {
  const { query, page } = await readQuery(searchParams);
  const outcome: SearchOutcome = query ? await searchArticles(query, { page }) : { status: 'empty' };
  const { timeZone } = await getSiteSettings();
  return (
    <div className={styles.search}>
      <h1>Search</h1>
      <SearchForm id="search-page-query" label="Search Margin" query={query} large />
      <Results query={query} outcome={outcome} timeZone={timeZone} />
    </div>
  );
}

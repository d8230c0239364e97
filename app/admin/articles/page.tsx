import Link from 'next/link';
import type { Metadata } from 'next';
import { listNewsroomArticles } from '@/db/queries/newsroom';
import { getSiteSettings } from '@/db/queries/settings';
import { requireStaff } from '@/app/_lib/session';
import { articleStateLabels, articleStates, type ArticleState } from '@/lib/articles';
import { formatInZone } from '@/lib/zoned-time';
import { newsroomArticlePath } from '@/lib/paths';
import { can } from '@/lib/accounts';

export const metadata: Metadata = { title: 'Articles' };

const tabLabels: Record<ArticleState, string> = {
  draft: 'Drafts',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function ArticlesPage({ searchParams }: PageProps<'/admin/articles'>) {
  const params = await searchParams;
  const staff = await requireStaff('write', '/admin/articles');
  const state = articleStates.find((candidate) => candidate === first(params.state));
  const query = first(params.q)?.trim().slice(0, 200) || undefined;
  const page = Math.max(1, Math.min(10_000, Number(first(params.page)) || 1));
  const list = await listNewsroomArticles(staff, { state, query, page });
  const { timeZone } = await getSiteSettings();
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const href = (changes: Record<string, string | number | undefined>) => {
    const merged: Record<string, string | number | undefined> = { state, q: query, page: undefined, ...changes };
    const entries = Object.entries(merged)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => [key, String(value)]);
    return `/admin/articles${entries.length ? `?${new URLSearchParams(entries)}` : ''}`;
  };

  return (
    <div className="newsroom">
      <h1>Articles</h1>
      {first(params.notice) === 'not-allowed' && (
        <p className="notice" role="status">
          Your role cannot open that page.
        </p>
      )}
      <p>
        <Link href="/admin/articles/new" className="button-link">
          New article
        </Link>
        {!can(staff.role, 'edit') && <span className="quiet"> You see the articles you wrote.</span>}
      </p>
      <nav aria-label="Article state" className="tabs">
        <Link href={href({ state: undefined })} aria-current={state === undefined ? 'page' : undefined}>
          All <span className="count">({list.counts.all})</span>
        </Link>
        {articleStates.map((tab) => (
          <Link key={tab} href={href({ state: tab })} aria-current={tab === state ? 'page' : undefined}>
            {tabLabels[tab]} <span className="count">({list.counts[tab]})</span>
          </Link>
        ))}
      </nav>
      <form method="get" action="/admin/articles" className="queue-filter" role="search">
        {state && <input type="hidden" name="state" value={state} />}
        <label htmlFor="articles-q">Search headlines</label>
        <input id="articles-q" name="q" type="search" defaultValue={query ?? ''} />
        <button type="submit">Search</button>
      </form>
      {list.articles.length === 0 ? (
        <p>No articles here{query ? ` with “${query}” in the headline` : ''}.</p>
      ) : (
        <table className="article-table">
          <caption className="visually-hidden">Articles, most recently changed first</caption>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">State</th>
              <th scope="col">Byline</th>
              <th scope="col">Section</th>
              <th scope="col">Publication</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {list.articles.map((article) => (
              <tr key={article.id}>
                <td>
                  <Link href={newsroomArticlePath(article.id)}>{article.headline}</Link>
                  {' · '}
                  <Link href={newsroomArticlePath(article.id, 'preview')} aria-label={`Preview ${article.headline}`}>
                    Preview
                  </Link>
                </td>
                <td>{articleStateLabels[article.state]}</td>
                <td>{article.byline}</td>
                <td>{article.section ?? '—'}</td>
                <td>{article.state === 'published' || article.state === 'scheduled' ? formatInZone(article.publishedAt, timeZone) : '—'}</td>
                <td>{formatInZone(article.updatedAt, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav className="pager" aria-label="Pages">
          {list.page > 1 && <Link href={href({ page: list.page - 1 })}>← Newer</Link>}
          <span>
            Page {list.page} of {pages}
          </span>
          {list.page < pages && <Link href={href({ page: list.page + 1 })}>Older →</Link>}
        </nav>
      )}
    </div>
  );
}

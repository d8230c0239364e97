import { Fragment } from 'react';
import { getSiteSettings } from '@/db/queries/settings';
import Link from 'next/link';
import { listModerationQueue } from '@/db/queries/moderation';
import { bulkIntentsFor, intentLabel, moderationKeys, panelLabel, queueTabs, rowPanels, type QueueTab } from '@/lib/moderation';
import { requireModerator } from '@/app/_lib/session';
import { ModerationRow } from '@/app/admin/_components/moderation-row';
import { BulkBar } from '@/app/admin/_components/bulk-bar';
import { QueueKeyboard } from '@/app/admin/_components/queue-keyboard';
import { moderateSelected } from './actions';
import { SurgePanel } from '@/app/admin/_components/surge-panel';
import { listSurgeArticleChoices, listSurges } from '@/db/queries/surges';

const tabLabels: Record<QueueTab, string> = {
  pending: 'Pending',
  reported: 'Reported',
  approved: 'Approved',
  spam: 'Spam',
  trash: 'Trash',
};

const keyHelp = Object.entries(moderationKeys).map(([key, step]) => ({
  key,
  label: (step === 'reply' ? panelLabel(step) : intentLabel(step)).toLowerCase(),
}));

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function AdminQueuePage({ searchParams }: PageProps<'/admin'>) {
  const params = await searchParams;
  const staff = await requireModerator('/admin');
  const { timeZone } = await getSiteSettings();
  const requested = first(params.status);
  const status = queueTabs.find((tab) => tab === requested) ?? 'pending';
  const page = Math.max(1, Math.min(10_000, Number(first(params.page)) || 1));
  const articleSlug = first(params.article) || undefined;
  const query = first(params.q)?.trim().slice(0, 200) || undefined;
  const queue = await listModerationQueue(staff, { tab: status, page, articleSlug, query });
  // A panel asked for without JavaScript: ?open=edit&comment=ID.
  const openPanel = rowPanels.find((panel) => panel === first(params.open)) ?? null;
  const openComment = Number(first(params.comment));
  const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize));
  // Rows can be selected only where the bulk bar has a step to offer.
  const selectable = bulkIntentsFor(status).length > 0;

  // The queue's tab, filter and page as query parameters, with some changed.
  const viewWith = (changes: Record<string, string | number | undefined>): [string, string][] =>
    Object.entries({ status, article: articleSlug, q: query, page: undefined, ...changes })
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => [key, String(value)]);
  const href = (changes: Record<string, string | number | undefined>) => `/admin?${new URLSearchParams(viewWith(changes))}`;
  const view = viewWith({ page: page > 1 ? page : undefined });

  return (
    <div className="queue">
      <h1>Moderation</h1>
      {first(params.notice) === 'admins-only' && (
        <p className="notice" role="status">
          Only admins can open that page.
        </p>
      )}
      <SurgePanel
        surges={(await listSurges(staff, { recent: 0 })).filter((surge) => surge.active)}
        articles={await listSurgeArticleChoices(staff)}
        timeZone={timeZone}
      />

      <nav aria-label="Comment status" className="tabs">
        {queueTabs.map((tab) => (
          <Link key={tab} href={href({ status: tab })} aria-current={tab === status ? 'page' : undefined}>
            {tabLabels[tab]} <span className="count">({queue.counts[tab]})</span>
          </Link>
        ))}
      </nav>

      <form method="get" action="/admin" className="queue-filter" role="search">
        <input type="hidden" name="status" value={status} />
        <label htmlFor="filter-article">Article</label>
        <select id="filter-article" name="article" defaultValue={articleSlug ?? ''}>
          <option value="">All articles</option>
          {queue.articles.map((article) => (
            <option key={article.slug} value={article.slug}>
              {article.headline}
            </option>
          ))}
        </select>
        <label htmlFor="filter-q">Search</label>
        <input id="filter-q" name="q" type="search" defaultValue={query ?? ''} placeholder="Name, email, text or IP" />
        <button type="submit">Filter</button>
      </form>

      <p className="keyboard-help">
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> next/previous
        {keyHelp.map(({ key, label }) => (
          <Fragment key={key}>
            , <kbd>{key}</kbd> {label}
          </Fragment>
        ))}
        .
      </p>

      {queue.items.length === 0 ? (
        <p>No {tabLabels[status].toLowerCase()} comments{query || articleSlug ? ' match this filter' : ''}.</p>
      ) : (
        <>
          {selectable && <BulkBar tab={status} moderate={moderateSelected.bind(null, status)} />}
          <ol className="queue-list">
            {queue.items.map((comment) => (
              <li key={comment.id}>
                <ModerationRow
                  comment={comment}
                  timeZone={timeZone}
                  view={view}
                  openPanel={comment.id === openComment ? openPanel : null}
                  selectable={selectable}
                />
              </li>
            ))}
          </ol>
        </>
      )}

      {pages > 1 && (
        <nav aria-label="Pages" className="pager">
          {page > 1 && <Link href={href({ page: page - 1 })}>Newer</Link>}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages && <Link href={href({ page: page + 1 })}>Older</Link>}
        </nav>
      )}
      <QueueKeyboard />
    </div>
  );
}

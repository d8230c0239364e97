import { isPublic } from '@/lib/comments';
import { formatDateTime } from '@/lib/format';
import type { QueueComment, RowPanel } from '@/lib/moderation';
import { CommentBody } from '@/components/comment-body';
import { RowActions } from './row-actions';

export function ModerationRow({
  comment,
  view,
  openPanel,
  selectable,
  timeZone,
}: {
  comment: QueueComment;
  /** The queue's tab, filter and page as query parameters, kept when a panel is opened without JavaScript. */
  view: [string, string][];
  openPanel: RowPanel | null;
  /** Whether the tab's bulk bar has a step to offer: then the row has a checkbox for it. */
  selectable: boolean;
  /** The site's time zone, for every time on the row. */
  timeZone: string;
}) {
  const { id, status, article, parent } = comment;
  const authorEdits = comment.log.filter((entry) => entry.action === 'author-edit' && entry.note !== null);
  return (
    <article className="queue-row" data-queue-row tabIndex={-1} aria-labelledby={`row-${id}-author`}>
      <div className="queue-select">
        {selectable && (
          <input type="checkbox" name="ids" value={id} form="bulk-form" id={`select-${id}`} aria-label={`Select comment by ${comment.authorName}`} />
        )}
      </div>
      <div className="queue-main">
        <header className="queue-meta">
          <strong id={`row-${id}-author`}>
            <bdi>{comment.authorName}</bdi>
          </strong>
          {comment.isStaff && <span className="badge">Staff</span>}
          <span>{comment.authorEmail}</span>
          {comment.authorUrl && (
            <a href={comment.authorUrl} rel="nofollow ugc noopener">
              {comment.authorUrl}
            </a>
          )}
          <span>IP {comment.ip ?? 'unknown'}</span>
        </header>
        <p className="queue-context">
          On{' '}
          <a href={isPublic(comment) ? `/comments/${id}` : `/articles/${article.slug}`}>
            {article.headline}
          </a>{' '}
          · <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, timeZone)}</time>
          {comment.heldReason && status === 'pending' && <> · Held: {comment.heldReason}</>}
          {comment.heldReason && status === 'spam' && <> · Spam: {comment.heldReason}</>}
        </p>
        {parent && (
          <p className="queue-parent">
            In reply to <bdi>{parent.authorName}</bdi>: “{parent.excerpt}”
          </p>
        )}
        <CommentBody body={comment.body} />
        {authorEdits.length > 0 && (
          <div className="queue-edited">
            <strong>Edited by its author</strong>
            {authorEdits.map((entry) => (
              <div key={entry.id}>
                <p>
                  Before the edit of <time dateTime={entry.at}>{formatDateTime(entry.at, timeZone)}</time>:
                </p>
                <blockquote>
                  <CommentBody body={entry.note!} />
                </blockquote>
              </div>
            ))}
          </div>
        )}
        {comment.reports.length > 0 && (
          <div className="queue-reports">
            <strong>
              Reported {comment.reports.length}× by readers{comment.flagged ? ', hidden from the page until you decide' : ''}:
            </strong>
            <ul>
              {comment.reports.map((report, index) => (
                <li key={index}>
                  {report.reason}
                  {report.note && <>: “{report.note}”</>} (<time dateTime={report.at}>{formatDateTime(report.at, timeZone)}</time>)
                </li>
              ))}
            </ul>
          </div>
        )}
        <RowActions
          view={view}
          initialPanel={openPanel}
          commentId={id}
          status={status}
          authorName={comment.authorName}
          body={comment.body}
          website={comment.authorUrl ?? ''}
          email={comment.authorEmail}
          ip={comment.ip}
          flagged={comment.flagged}
        />
        {comment.log.length > 0 && (
          <details className="queue-log">
            <summary>History ({comment.log.length})</summary>
            <ul>
              {comment.log.map((entry) => (
                <li key={entry.id}>
                  {entry.action.startsWith('author-') ? 'Its author' : (entry.actor ?? 'A former moderator')}: {entry.action}
                  {entry.from !== entry.to && entry.from && entry.to ? ` (${entry.from} → ${entry.to})` : ''},{' '}
                  <time dateTime={entry.at}>{formatDateTime(entry.at, timeZone)}</time>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </article>
  );
}

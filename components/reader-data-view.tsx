import { formatDateTime } from '@/lib/format';
import { readerStatusLabels, type ReaderData } from '@/lib/reader-data';
import type { ReaderDataChangeFormState } from '@/lib/schemas';
import { AllCommentsChangeForm, CommentChangeForm } from './reader-data-change-forms';
import { CommentBody } from './comment-body';

type ChangeAction = (previous: ReaderDataChangeFormState, formData: FormData) => Promise<ReaderDataChangeFormState>;

/**
 * The comments of one address, with their downloads and changes: the reader's page (from the
 * emailed link) and the admins' page show the same, each with its own action and download address.
 */
export function ReaderDataView({
  data,
  token,
  action,
  downloadPath,
  timeZone,
  notice,
}: {
  data: ReaderData;
  token: string;
  action: ChangeAction;
  downloadPath: string;
  timeZone: string;
  notice?: string;
}) {
  const download = (format: 'json' | 'html') => `${downloadPath}?token=${encodeURIComponent(token)}&format=${format}`;
  const count = data.comments.length;
  return (
    <>
      {notice && <p role="status">{notice}</p>}
      <p>
        {count === 0 ? 'No comments' : `${count} comment${count === 1 ? '' : 's'}`} written with <strong>{data.email}</strong>, in every
        state (published, awaiting moderation, held as spam, in the bin).
      </p>
      {count > 0 && (
        <>
          <h2>Download</h2>
          <ul>
            <li>
              <a href={download('json')} download>
                Download as JSON
              </a>
            </li>
            <li>
              <a href={download('html')} download>
                Download as a web page
              </a>
            </li>
          </ul>
          <h2>The comments</h2>
          <ul className="reader-data-list">
            {data.comments.map((comment) => (
              <li key={comment.id}>
                <article aria-labelledby={`reader-comment-${comment.id}`}>
                  <h3 id={`reader-comment-${comment.id}`}>
                    On <a href={comment.articlePath}>{comment.articleHeadline}</a>,{' '}
                    <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, timeZone)}</time>
                  </h3>
                  <p>
                    {readerStatusLabels[comment.status]} · as <bdi>{comment.authorName}</bdi>
                    {comment.authorUrl ? <> · {comment.authorUrl}</> : null}
                    {comment.parentId !== null ? ' · a reply' : null}
                  </p>
                  <CommentBody body={comment.body} />
                  <CommentChangeForm action={action} token={token} commentId={comment.id} />
                </article>
              </li>
            ))}
          </ul>
          <h2>Change them all</h2>
          <p>
            A deleted comment that others have replied to stays as “Anonymous”, its text removed, so that the replies still read in
            place. Pages update at once.
          </p>
          <AllCommentsChangeForm action={action} token={token} count={count} />
        </>
      )}
    </>
  );
}

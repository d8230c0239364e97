
import { formatDateTime } from '@/lib/format';
import { Avatar } from './avatar';
import { CommentBody } from '@/components/comment-body';
import { CommentActions } from './comment-actions';
import { OwnCommentLinks } from './own-comment-links';
import { type PublicComment } from '@/lib/comments';

export function CommentCard({ comment, timeZone }: { comment: PublicComment; timeZone: string }) {
  const { id, authorName, authorUrl, avatarKey, body, createdAt, isStaff, pending } = comment;
  return (
    <article id={`comment-${id}`} className="comment" aria-labelledby={`comment-${id}-author`}>
      <header className="comment-meta">
        <Avatar avatarKey={avatarKey} name={authorName} />
        <span className="comment-author" id={`comment-${id}-author`}>
          {authorUrl ? (
            <a href={authorUrl} rel="nofollow ugc noopener">
              <bdi>{authorName}</bdi>
            </a>
          ) : (
            <bdi>{authorName}</bdi>
          )}
        </span>
        {isStaff && <span className="badge">Staff</span>}
        <a className="comment-permalink" href={`#comment-${id}`}>
          <time dateTime={createdAt}>{formatDateTime(createdAt, timeZone)}</time>
        </a>
      </header>
      {pending && <p className="comment-held">Your comment is awaiting moderation.</p>}
      <CommentBody body={body} />
      {pending ? <OwnCommentLinks commentId={id} /> : <CommentActions commentId={id} authorName={authorName} />}
    </article>
  );
}

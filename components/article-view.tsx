import type { Article } from '@/db/queries/articles';
import type { PublicComment, ReplyTarget } from '@/db/queries/comments';
import { buildThread, countNodes } from '@/app/_lib/thread';
import { formatDate, plural } from '@/app/_lib/format';
import { postComment, reportComment } from '@/app/articles/[slug]/actions';
import { issueFormToken } from '@/app/_lib/form-token';
import { ArticleBody } from './article-body';
import { CommentForm } from './comment-form';
import { CommentThread } from './comment-thread';
import { Discussion } from './discussion';

/**
 * The article and its discussion. The shared page passes no reader state; the personal page adds
 * the reader's held comments and reply target, and only it reads cookies.
 */
export function ArticleView({
  article,
  comments,
  threadDepth,
  heldComments = [],
  replyTo = null,
  reportId = null,
}: {
  article: Article;
  comments: PublicComment[];
  threadDepth: number;
  heldComments?: PublicComment[];
  replyTo?: ReplyTarget | null;
  reportId?: number | null;
}) {
  const thread = buildThread(comments, threadDepth);
  const count = countNodes(thread);
  return (
    <>
      <article className="article">
        <header className="article-header">
          <h1>{article.headline}</h1>
          <p className="standfirst">{article.standfirst}</p>
          <p className="byline">
            {article.author && <span>By {article.author} · </span>}
            <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
          </p>
        </header>
        <ArticleBody blocks={article.blocks} />
      </article>
      <section className="comments" aria-labelledby="comments-title">
        <h2 id="comments-title">{count === 0 ? 'No comments yet' : plural(count, 'Comment', 'Comments')}</h2>
        <Discussion
          slug={article.slug}
          articleId={article.id}
          formToken={issueFormToken(article.id)}
          commentsOpen={article.commentsOpen}
          action={postComment.bind(null, article.slug)}
          reportAction={reportComment.bind(null, article.slug)}
          initialHeld={heldComments}
          initialReplyTo={replyTo}
          initialReportId={reportId}
        >
          <CommentThread nodes={thread} />
          <CommentForm />
        </Discussion>
      </section>
    </>
  );
}

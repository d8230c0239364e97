import Link from 'next/link';
import type { Article } from '@/db/queries/articles';
import { getArticleSharingOnce } from '@/app/_lib/article-sharing';
import { getArticleSurroundings } from '@/db/queries/article-page';
import { getSiteSettings } from '@/db/queries/settings';
import { getSurgeEffect } from '@/db/queries/surges';
import { surgeNotices } from '@/lib/surge';

import { buildThread, commentOrders, type CommentOrder } from '@/lib/thread';
import { commentPagePath, sectionPath } from '@/lib/paths';
import { formatDate, formatDateTime, plural } from '@/lib/format';
import { postComment, reportComment } from '@/app/articles/[slug]/actions';
import { issueFormToken } from '@/lib/form-token';
import { ArticleBody } from '@/components/article-body';
import { ArticleFigure } from '@/components/article-figure';
import { Byline } from '@/components/byline';
import { ResponsiveImage } from '@/components/responsive-image';
import { StoryTeaser } from '@/components/story-teaser';
import { CommentForm } from './comment-form';
import { CommentThread } from './comment-thread';
import { Discussion } from './discussion';
import type { OwnComment } from '@/lib/own-words';
import { PermalinkResolver } from './permalink-resolver';
import { type PublicComment, type ReplyTarget } from '@/lib/comments';
import type { CommentPage } from '@/db/queries/comments';

/** Which comment page a view shows: its order, its number and how many the order has. */
export type CommentPageView = { order: CommentOrder; page: number; pages: number };

/**
 * The article and its discussion. The shared page passes no reader state; the personal page adds
 * the reader's held comments and reply target, and only it reads cookies.
 */
export async function ArticleView({
  article,
  commentPage,
  view,
  threadDepth,
  heldComments = [],
  ownComments = [],
  replyTo = null,
  reportId = null,
}: {
  article: Article;
  /** The comments of the page shown (db/queries/comments.ts getCommentPage). */
  commentPage: CommentPage;
  view: CommentPageView;
  threadDepth: number;
  heldComments?: PublicComment[];
  /** The comments this browser may still edit or delete (the personal page only). */
  ownComments?: OwnComment[];
  replyTo?: ReplyTarget | null;
  reportId?: number | null;
}) {
  const onPage = buildThread(commentPage.comments, threadDepth);
  const count = commentPage.total;
  const { order, page: current, pages } = view;
  const { section, bylines, leadImage, bodyImages, related } = await getArticleSurroundings(article, await getArticleSharingOnce(article.slug));
  const { timeZone } = await getSiteSettings();
  // Read at render: a surge's start and end (and End now) empty this page (app/_lib/surge-scheduler.ts).
  const { effect: surge, now } = await getSurgeEffect(article.id);
  const surgeWords = surgeNotices(surge, now, timeZone);
  return (
    <>
      <article className="article">
        <header className="article-header">
          {section && (
            <p className="kicker">
              <Link href={sectionPath(section.slug)} prefetch={false}>
                {section.name}
              </Link>
            </p>
          )}
          <h1>{article.headline}</h1>
          <p className="standfirst">{article.standfirst}</p>
          <p className="byline">
            {(bylines.length > 0 || article.author) && (
              <span>
                <Byline bylines={bylines} credit={article.author} />
                {' · '}
              </span>
            )}
            <time dateTime={article.publishedAt}>{formatDate(article.publishedAt, timeZone)}</time>
            {article.revisedAt && (
              <span className="updated">
                {' · '}Updated <time dateTime={article.revisedAt}>{formatDateTime(article.revisedAt, timeZone)}</time>
              </span>
            )}
          </p>
        </header>
        {article.correction && (
          <aside className="correction" aria-label="Correction">
            <p>
              <strong>Correction:</strong> {article.correction}
            </p>
          </aside>
        )}
        {leadImage && (
          <ArticleFigure lead caption={leadImage.caption} credit={leadImage.credit}>
            <ResponsiveImage image={leadImage} alt={leadImage.alt} priority />
          </ArticleFigure>
        )}
        <ArticleBody blocks={article.blocks} images={bodyImages} />
      </article>
      {section && related.length > 0 && (
        <aside className="related" aria-labelledby="related-title">
          <h2 id="related-title">More in {section.name}</h2>
          <ol className="related-list">
            {related.map((story) => (
              <li key={story.slug}>
                <StoryTeaser story={story} timeZone={timeZone} variant="compact" showSection={false} showImage={false} />
              </li>
            ))}
          </ol>
        </aside>
      )}
      <section className="comments" aria-labelledby="comments-title">
        <h2 id="comments-title">{count === 0 ? 'No comments yet' : plural(count, 'Comment', 'Comments')}</h2>
        {surgeWords.length > 0 && (
          <div className="notice surge-notice" role="note" aria-label="About commenting now">
            {surgeWords.map((words) => (
              <p key={words}>{words}</p>
            ))}
          </div>
        )}
        <Discussion
          slug={article.slug}
          articleId={article.id}
          formToken={issueFormToken(article.id)}
          commentsOpen={article.commentsOpen && !surge.closed}
          action={postComment.bind(null, article.slug)}
          reportAction={reportComment.bind(null, article.slug)}
          initialHeld={heldComments}
          initialOwn={ownComments}
          initialReplyTo={replyTo}
          initialReportId={reportId}
          timeZone={timeZone}
        >
          {commentPage.threads > 1 && <CommentSort slug={article.slug} order={order} page={current} />}
          <CommentThread nodes={onPage} newHeldFirst={order === 'newest'} timeZone={timeZone} />
          {pages > 1 && (
            <nav className="comment-pager" aria-label="Comment pages">
              {current > 1 ? (
                <a href={`${commentPagePath(article.slug, current - 1, order)}#comments-title`} rel="prev">
                  {order === 'oldest' ? '← Older comments' : '← Newer comments'}
                </a>
              ) : (
                <span />
              )}
              <span>
                Page {current} of {pages}
              </span>
              {current < pages ? (
                <a href={`${commentPagePath(article.slug, current + 1, order)}#comments-title`} rel="next">
                  {order === 'oldest' ? 'Newer comments →' : 'Older comments →'}
                </a>
              ) : (
                <span />
              )}
            </nav>
          )}
          <PermalinkResolver slug={article.slug} />
          <CommentForm />
        </Discussion>
      </section>
    </>
  );
}

const orderNames: Record<CommentOrder, string> = { oldest: 'Oldest first', newest: 'Newest first' };

/** The order of the threads, as plain links to each order's first page (no JavaScript needed). */
function CommentSort({ slug, order, page }: { slug: string; order: CommentOrder; page: number }) {
  return (
    <nav className="comment-sort" aria-label="Sort comments">
      <ul>
        {commentOrders.map((each) => (
          <li key={each}>
            <a href={`${commentPagePath(slug, 1, each)}#comments-title`} aria-current={each !== order ? undefined : page === 1 ? 'page' : 'true'}>
              {orderNames[each]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

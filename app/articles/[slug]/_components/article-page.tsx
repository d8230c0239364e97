import type { Metadata } from 'next';
import { notFound, permanentRedirect } from 'next/navigation';
import { findArticleRedirect, getArticleBySlug } from '@/db/queries/articles';
import { getCommentPage } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { articleMetadata } from '@/app/_lib/metadata';
import { commentPagePath } from '@/lib/paths';
import { pageCount, type CommentOrder } from '@/lib/thread';
import { ArticleView } from './article-view';

// The shared article pages: the article with one comment page, in either order. Rendered on first
// request, then served from Next's cache (and the serving edge's) until a moderation or newsroom
// event revalidates them. They read no cookie; readers with held comments of their own are sent to
// ../respond by the proxy.

export async function articlePageMetadata(slug: string, order: CommentOrder, page: number): Promise<Metadata> {
  const article = await getArticleBySlug(slug);
  if (!article) return { title: 'Page not found' };
  const metadata = await articleMetadata(article);
  if (order === 'oldest' && page === 1) return metadata;
  const which = order === 'newest' ? (page > 1 ? `newest first, page ${page}` : 'newest first') : `page ${page}`;
  return {
    ...metadata,
    title: `${article.headline} (comments, ${which})`,
    alternates: { ...metadata.alternates, canonical: commentPagePath(slug, page, order) },
    // The same comments as the default order's pages: found there, not twice.
    ...(order === 'newest' ? { robots: { index: false, follow: true } } : {}),
  };
}

export async function ArticlePage({ slug, order, page }: { slug: string; order: CommentOrder; page: number }) {
  const settings = await getDiscussionSettings();
  const article = await getArticleBySlug(slug, settings.closeAfterDays);
  if (!article) {
    // An address the article had before its slug changed: 308 to the same page where it is now.
    const moved = await findArticleRedirect(slug);
    if (moved) permanentRedirect(commentPagePath(moved, page, order));
    notFound();
  }
  const commentPage = await getCommentPage(article.id, { order, page, perPage: settings.commentsPerPage });
  if (!commentPage) notFound();
  return (
    <ArticleView
      article={article}
      commentPage={commentPage}
      view={{ order, page, pages: pageCount(commentPage.threads, settings.commentsPerPage) }}
      threadDepth={settings.threadDepth}
    />
  );
}

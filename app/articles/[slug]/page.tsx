import type { Metadata } from 'next';
import { notFound, permanentRedirect } from 'next/navigation';
import { findArticleRedirect, getArticleBySlug } from '@/db/queries/articles';
import { articlePath } from '@/lib/paths';
import { listApprovedComments } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { ArticleView } from '@/app/articles/[slug]/_components/article-view';
import { articleMetadata } from '@/app/_lib/metadata';

// The shared page: rendered on first request, then served from Next's cache until a moderation
// event for this article revalidates it. It reads no cookie; readers with held comments of their
// own are sent to ./respond by the proxy.
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: PageProps<'/articles/[slug]'>): Promise<Metadata> {
  const article = await getArticleBySlug((await params).slug);
  return article ? articleMetadata(article) : { title: 'Page not found' };
}

export default async function ArticlePage({ params }: PageProps<'/articles/[slug]'>) {
  const settings = await getDiscussionSettings();
  const { slug } = await params;
  const article = await getArticleBySlug(slug, settings.closeAfterDays);
  if (!article) {
    // An address the article had before its slug changed: 308 to where it is now.
    const moved = await findArticleRedirect(slug);
    if (moved) permanentRedirect(articlePath(moved));
    notFound();
  }
  return (
    <ArticleView
      article={article}
      comments={await listApprovedComments(article.id)}
      threadDepth={settings.threadDepth}
      commentsPerPage={settings.commentsPerPage}
    />
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getArticleBySlug } from '@/db/queries/articles';
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
  const article = getArticleBySlug((await params).slug);
  return article ? articleMetadata(article) : { title: 'Page not found' };
}

export default async function ArticlePage({ params }: PageProps<'/articles/[slug]'>) {
  const settings = getDiscussionSettings();
  const article = getArticleBySlug((await params).slug, settings.closeAfterDays);
  if (!article) notFound();
  return (
    <ArticleView
      article={article}
      comments={listApprovedComments(article.id)}
      threadDepth={settings.threadDepth}
      commentsPerPage={settings.commentsPerPage}
    />
  );
}

import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getArticleBySlug } from '@/db/queries/articles';
import { listApprovedComments } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { ArticleView } from '@/app/articles/[slug]/_components/article-view';
import { articleMetadata } from '@/app/_lib/metadata';
import { buildThread, pageCount } from '@/lib/thread';

// Older comment pages of an article (the newest is the article page): shared and cached like it.
export function generateStaticParams() {
  return [];
}

function pageNumber(value: string): number | null {
  return /^[1-9]\d{0,5}$/.test(value) ? Number(value) : null;
}

export async function generateMetadata({ params }: PageProps<'/articles/[slug]/comments/[page]'>): Promise<Metadata> {
  const { slug, page } = await params;
  const article = await getArticleBySlug(slug);
  if (!article) return { title: 'Page not found' };
  const metadata = await articleMetadata(article);
  return { ...metadata, title: `${article.headline} (comments, page ${pageNumber(page) ?? 1})`, alternates: { canonical: `/articles/${slug}/comments/${page}` } };
}

export default async function CommentPage({ params }: PageProps<'/articles/[slug]/comments/[page]'>) {
  const { slug, page: pageParam } = await params;
  const settings = await getDiscussionSettings();
  const article = await getArticleBySlug(slug, settings.closeAfterDays);
  const page = pageNumber(pageParam);
  if (!article || page === null) notFound();
  const comments = await listApprovedComments(article.id);
  const pages = pageCount(buildThread(comments, settings.threadDepth), settings.commentsPerPage);
  if (page > pages) notFound();
  // The newest page lives at the article's own address.
  if (page === pages) redirect(`/articles/${slug}`);
  return (
    <ArticleView
      article={article}
      comments={comments}
      threadDepth={settings.threadDepth}
      commentsPerPage={settings.commentsPerPage}
      page={page}
    />
  );
}

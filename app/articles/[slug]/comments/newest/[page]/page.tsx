import type { Metadata } from 'next';
import { notFound, permanentRedirect } from 'next/navigation';
import { ArticlePage, articlePageMetadata } from '@/app/articles/[slug]/_components/article-page';
import { commentPagePath, parsePageNumber } from '@/lib/paths';

// Comment page N, newest first (page 1 is /comments/newest): shared and cached like the article.
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: PageProps<'/articles/[slug]/comments/newest/[page]'>): Promise<Metadata> {
  const { slug, page } = await params;
  return articlePageMetadata(slug, 'newest', parsePageNumber(page) ?? 1);
}

export default async function Page({ params }: PageProps<'/articles/[slug]/comments/newest/[page]'>) {
  const { slug, page: written } = await params;
  const page = parsePageNumber(written);
  if (page === null) notFound();
  if (page === 1) permanentRedirect(commentPagePath(slug, 1, 'newest'));
  return <ArticlePage slug={slug} order="newest" page={page} />;
}

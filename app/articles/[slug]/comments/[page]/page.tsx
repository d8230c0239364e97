import type { Metadata } from 'next';
import { notFound, permanentRedirect } from 'next/navigation';
import { ArticlePage, articlePageMetadata } from '@/app/articles/[slug]/_components/article-page';
import { commentPagePath, parsePageNumber } from '@/lib/paths';

// Comment page N, oldest first (page 1 is the article's own address): shared and cached like it.
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: PageProps<'/articles/[slug]/comments/[page]'>): Promise<Metadata> {
  const { slug, page } = await params;
  return articlePageMetadata(slug, 'oldest', parsePageNumber(page) ?? 1);
}

export default async function Page({ params }: PageProps<'/articles/[slug]/comments/[page]'>) {
  const { slug, page: written } = await params;
  const page = parsePageNumber(written);
  if (page === null) notFound();
  if (page === 1) permanentRedirect(commentPagePath(slug, 1));
  return <ArticlePage slug={slug} order="oldest" page={page} />;
}

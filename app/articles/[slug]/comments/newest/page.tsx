import type { Metadata } from 'next';
import { ArticlePage, articlePageMetadata } from '@/app/articles/[slug]/_components/article-page';

// The first comment page, newest first: shared and cached like the article.
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: PageProps<'/articles/[slug]/comments/newest'>): Promise<Metadata> {
  return articlePageMetadata((await params).slug, 'newest', 1);
}

export default async function Page({ params }: PageProps<'/articles/[slug]/comments/newest'>) {
  return <ArticlePage slug={(await params).slug} order="newest" page={1} />;
}

import type { Metadata } from 'next';
import { ArticlePage, articlePageMetadata } from '@/app/articles/[slug]/_components/article-page';

// The article's own address: its first comment page, oldest first (the default order).
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: PageProps<'/articles/[slug]'>): Promise<Metadata> {
  return articlePageMetadata((await params).slug, 'oldest', 1);
}

export default async function Page({ params }: PageProps<'/articles/[slug]'>) {
  return <ArticlePage slug={(await params).slug} order="oldest" page={1} />;
}

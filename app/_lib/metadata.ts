import type { Metadata } from 'next';
import type { Article } from '@/db/queries/articles';

export function articleMetadata(article: Article): Metadata {
  const url = `/articles/${article.slug}`;
  return {
    title: article.headline,
    description: article.standfirst,
    alternates: { canonical: url },
    openGraph: {
      type: 'article',
      url,
      title: article.headline,
      description: article.standfirst,
      publishedTime: article.publishedAt,
      siteName: 'Margin',
      ...(article.author ? { authors: [article.author] } : {}),
    },
    twitter: { card: 'summary', title: article.headline, description: article.standfirst },
  };
}

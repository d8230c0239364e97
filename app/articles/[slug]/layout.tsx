import { getArticleSharingOnce } from '@/app/_lib/article-sharing';
import { ArticleStructuredData } from '@/components/article-structured-data';

// Every page of an article carries its NewsArticle JSON-LD (nothing when the article is not public).
export default async function ArticleLayout({ children, params }: LayoutProps<'/articles/[slug]'>) {
  const { slug } = await params;
  return (
    <>
      {children}
      <ArticleStructuredData article={await getArticleSharingOnce(slug)} />
    </>
  );
}

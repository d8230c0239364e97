import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getImages } from '@/db/queries/images';
import { getArticlePreview } from '@/db/queries/newsroom';
import { getSiteSettings } from '@/db/queries/settings';
import { requireStaff } from '@/app/_lib/session';
import { ArticleBody } from '@/components/article-body';
import { ArticleFigure } from '@/components/article-figure';
import { ResponsiveImage } from '@/components/responsive-image';
import { articleStateLabels } from '@/lib/articles';
import { newsroomArticlePath } from '@/lib/paths';
import { formatInZone } from '@/lib/zoned-time';

// A private address: staff only, rendered per request (so `private, no-store`), never in the page
// cache, a sitemap or a feed.
export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Preview', robots: { index: false, follow: false } };

export default async function PreviewPage({ params }: PageProps<'/admin/articles/[id]/preview'>) {
  const articleId = Number((await params).id);
  if (!Number.isSafeInteger(articleId) || articleId < 1) notFound();
  const staff = await requireStaff('write', newsroomArticlePath(articleId, 'preview'));
  const article = await getArticlePreview(staff, articleId);
  if (!article) notFound();
  const { timeZone } = await getSiteSettings();
  const images = await getImages([
    ...(article.lead ? [article.lead.imageId] : []),
    ...article.blocks.flatMap((block) => (block.type === 'image' ? [block.imageId] : [])),
  ]);
  const leadImage = article.lead ? images.get(article.lead.imageId) : undefined;
  return (
    <div className="preview">
      <p className="notice preview-banner" role="status">
        Preview: {articleStateLabels[article.state].toLowerCase()}, not what readers see unless published.{' '}
        <Link href={newsroomArticlePath(article.id)}>Back to editing</Link>
      </p>
      <article className="article">
        <header className="article-header">
          <h1>{article.headline}</h1>
          <p className="standfirst">{article.standfirst}</p>
          <p className="byline">
            {article.byline.length > 0 && <span>By {article.byline.join(' and ')} · </span>}
            <time dateTime={article.publishedAt}>{formatInZone(article.publishedAt, timeZone)}</time>
            {article.revisedAt && (
              <span className="updated">
                {' · '}Updated <time dateTime={article.revisedAt}>{formatInZone(article.revisedAt, timeZone)}</time>
              </span>
            )}
          </p>
        </header>
        {article.correction && (
          <aside className="correction" aria-label="Correction">
            <p>
              <strong>Correction:</strong> {article.correction}
            </p>
          </aside>
        )}
        {article.lead && leadImage && (
          <ArticleFigure lead caption={article.lead.caption} credit={article.lead.credit}>
            <ResponsiveImage image={leadImage} alt={article.lead.alt} priority />
          </ArticleFigure>
        )}
        <ArticleBody blocks={article.blocks} images={Object.fromEntries(images)} />
      </article>
    </div>
  );
}

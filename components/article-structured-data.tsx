import type { ArticleSharing } from '@/db/queries/article-sharing';
import { loadConfig } from '@/lib/config';
import { imageUrl } from '@/lib/images';
import { articlePath, authorPath } from '@/lib/paths';
import { jsonForScript, newsArticleJsonLd } from '@/lib/structured-data';

/**
 * schema.org NewsArticle for a public article, as JSON-LD: headline, dates, authors, image and
 * publisher. Nothing for an article readers cannot see. The JSON has `<`, `>` and `&` escaped
 * (lib/structured-data.ts), so no headline can end the script element.
 */
export function ArticleStructuredData({ article }: { article: ArticleSharing | null }) {
  if (!article) return null;
  const site = loadConfig().siteUrl;
  const absolute = (path: string) => new URL(path, site).href;
  const image = article.image;
  const data = newsArticleJsonLd({
    url: absolute(articlePath(article.slug)),
    headline: article.headline,
    description: article.standfirst,
    datePublished: article.publishedAt,
    dateModified: article.revisedAt,
    authors:
      article.bylines.length > 0
        ? article.bylines.map((byline) => ({ name: byline.name, url: absolute(authorPath(byline.slug)) }))
        : article.credit
          ? [{ name: article.credit }]
          : [],
    images: image ? [...image.widths].reverse().map((width) => absolute(imageUrl(image, width))) : [],
    section: article.section?.name ?? null,
    publisher: { name: 'Margin', url: absolute('/'), logo: absolute('/icon.svg') },
  });
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />;
}

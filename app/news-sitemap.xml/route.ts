import { connection } from 'next/server';
import { absoluteUrl, contentTypes, documentResponse, siteName } from '@/app/_lib/documents';
import { listRecentNews } from '@/db/queries/sitemap';
import { renderNewsSitemap } from '@/lib/sitemaps';
import { articlePath } from '@/lib/paths';

// The public articles of the last two days, as Google News reads them.
export async function GET(request: Request) {
  await connection();
  const entries = (await listRecentNews()).map((article) => ({
    url: absoluteUrl(articlePath(article.slug)),
    title: article.headline,
    published: article.publishedAt,
  }));
  return documentResponse(request, renderNewsSitemap(entries, { name: siteName, language: 'en' }), contentTypes.xml);
}

import { connection } from 'next/server';
import { absoluteUrl, contentTypes, documentResponse } from '@/app/_lib/documents';
import { getSitemapContents } from '@/db/queries/sitemap';
import { renderSitemap } from '@/lib/sitemaps';
import { articlePath, authorPath, sectionPath, tagPath } from '@/lib/paths';

// Every public article, section, tag and author, for search engines.
export async function GET(request: Request) {
  await connection();
  const contents = await getSitemapContents();
  const newest = contents.articles[0]?.lastModified ?? null;
  const body = renderSitemap([
    { url: absoluteUrl('/'), lastModified: newest },
    ...contents.sections.map((section) => ({ url: absoluteUrl(sectionPath(section.slug)), lastModified: section.lastModified })),
    ...contents.articles.map((article) => ({ url: absoluteUrl(articlePath(article.slug)), lastModified: article.lastModified })),
    ...contents.tags.map((tag) => ({ url: absoluteUrl(tagPath(tag.slug)), lastModified: tag.lastModified })),
    ...contents.authors.map((author) => ({ url: absoluteUrl(authorPath(author.slug)), lastModified: author.lastModified })),
  ]);
  return documentResponse(request, body, contentTypes.xml);
}

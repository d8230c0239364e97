import { escapeXml } from './feeds';

// Sitemaps (sitemaps.org 0.9), the Google News sitemap and robots.txt, as text.

export type SitemapEntry = { url: string; lastModified?: string | null };

/** What one sitemap file may hold (sitemaps.org). */
export const maxSitemapEntries = 50_000;
/** What one news sitemap may hold (Google News). */
export const maxNewsSitemapEntries = 1_000;
/** A news sitemap lists the articles of the last two days. */
export const newsSitemapWindowMs = 2 * 24 * 60 * 60 * 1000;

export function renderSitemap(entries: readonly SitemapEntry[]): string {
  const urls = entries.slice(0, maxSitemapEntries).map((entry) => {
    const lastmod = entry.lastModified ? `<lastmod>${new Date(entry.lastModified).toISOString()}</lastmod>` : '';
    return `<url><loc>${escapeXml(entry.url)}</loc>${lastmod}</url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
    ...urls.map((url) => `${url}\n`),
    '</urlset>\n',
  ].join('');
}

export type NewsSitemapEntry = { url: string; title: string; published: string };

export function renderNewsSitemap(
  entries: readonly NewsSitemapEntry[],
  publication: { name: string; language: string },
): string {
  const name = escapeXml(publication.name);
  const language = escapeXml(publication.language);
  const urls = entries.slice(0, maxNewsSitemapEntries).map(
    (entry) =>
      `<url><loc>${escapeXml(entry.url)}</loc><news:news><news:publication><news:name>${name}</news:name>` +
      `<news:language>${language}</news:language></news:publication>` +
      `<news:publication_date>${new Date(entry.published).toISOString()}</news:publication_date>` +
      `<news:title>${escapeXml(entry.title)}</news:title></news:news></url>\n`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n',
    ...urls,
    '</urlset>\n',
  ].join('');
}

export function renderRobots(options: { disallow: readonly string[]; sitemaps: readonly string[] }): string {
  return [
    'User-agent: *',
    ...options.disallow.map((path) => `Disallow: ${path}`),
    '',
    ...options.sitemaps.map((url) => `Sitemap: ${url}`),
    '',
  ].join('\n');
}

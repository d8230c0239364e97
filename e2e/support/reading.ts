import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { children, parseXml, textOf } from '../../lib/xml-test-support';

// The reading side as a feed reader, a crawler and a reader see it.

export const namespaces = {
  atom: 'http://www.w3.org/2005/Atom',
  dc: 'http://purl.org/dc/elements/1.1/',
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
} as const;

export { children, parseXml, textOf };

/** What the serving edge says it did: HIT from its page cache, MISS when Next made the page. */
export const cacheState = (response: APIResponse) => response.headers()['x-margin-cache'];

/** Waits until the page cache keeps the page at `path` (it is kept once compressed, a moment after the first answer). */
export async function untilKept(request: APIRequestContext, path: string) {
  await expect.poll(async () => cacheState(await request.get(path)), { timeout: 10_000 }).toBe('HIT');
}

/** A word the search index reads as one token and no other test uses: letters only. */
export function uniqueWord(prefix: string): string {
  const letters = Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  return `${prefix}${letters}`;
}

/** An RSS 2.0 document's items, as title, link and description, after checking what RSS requires. */
export function rssItems(xml: string): { title: string; link: string; description: string; creators: string[] }[] {
  const rss = parseXml(xml).documentElement!;
  expect(rss.localName).toBe('rss');
  expect(rss.getAttribute('version')).toBe('2.0');
  const [channel] = children(rss, null, 'channel');
  expect(channel).toBeTruthy();
  for (const name of ['title', 'link', 'description']) expect(textOf(channel!, null, name), name).toBeTruthy();
  expect(children(channel!, namespaces.atom, 'link')[0]?.getAttribute('rel')).toBe('self');
  return children(channel!, null, 'item').map((item) => {
    for (const name of ['title', 'link', 'guid', 'pubDate', 'description']) expect(textOf(item, null, name), name).toBeTruthy();
    return {
      title: textOf(item, null, 'title')!,
      link: textOf(item, null, 'link')!,
      description: textOf(item, null, 'description')!,
      creators: children(item, namespaces.dc, 'creator').map((creator) => creator.textContent ?? ''),
    };
  });
}

/** A sitemap's addresses, after checking its root. */
export function sitemapUrls(xml: string): string[] {
  const root = parseXml(xml).documentElement!;
  expect(root.namespaceURI).toBe(namespaces.sitemap);
  expect(root.localName).toBe('urlset');
  return children(root, namespaces.sitemap, 'url').map((url) => textOf(url, namespaces.sitemap, 'loc')!);
}

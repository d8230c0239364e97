import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxSitemapEntries, renderNewsSitemap, renderRobots, renderSitemap } from './sitemaps';
import { children, parseXml, textOf } from './xml-test-support';

const sitemaps = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const news = 'http://www.google.com/schemas/sitemap-news/0.9';

test('a sitemap: one <url> per address, with <loc> escaped and <lastmod> in W3C time', () => {
  const root = parseXml(
    renderSitemap([
      { url: 'https://news.example/articles/a?x=1&y=2', lastModified: '2030-01-02T12:00:00.000Z' },
      { url: 'https://news.example/sections/world', lastModified: null },
    ]),
  ).documentElement!;
  assert.equal(root.namespaceURI, sitemaps);
  assert.equal(root.localName, 'urlset');
  const urls = children(root, sitemaps, 'url');
  assert.deepEqual(
    urls.map((url) => [textOf(url, sitemaps, 'loc'), textOf(url, sitemaps, 'lastmod')]),
    [
      ['https://news.example/articles/a?x=1&y=2', '2030-01-02T12:00:00.000Z'],
      ['https://news.example/sections/world', null],
    ],
  );
});

test('a sitemap holds at most 50,000 addresses', () => {
  const many = Array.from({ length: maxSitemapEntries + 5 }, (_, i) => ({ url: `https://n.example/${i}` }));
  assert.equal(renderSitemap(many).match(/<url>/g)?.length, maxSitemapEntries);
});

test('a news sitemap: the news: namespace with publication, language, date and title', () => {
  const root = parseXml(
    renderNewsSitemap([{ url: 'https://news.example/articles/a', title: 'Tariffs & <trade>', published: '2030-01-02T12:00:00.000Z' }], {
      name: 'Margin',
      language: 'en',
    }),
  ).documentElement!;
  const [url] = children(root, sitemaps, 'url');
  assert.equal(textOf(url!, sitemaps, 'loc'), 'https://news.example/articles/a');
  const [entry] = children(url!, news, 'news');
  const [publication] = children(entry!, news, 'publication');
  assert.equal(textOf(publication!, news, 'name'), 'Margin');
  assert.equal(textOf(publication!, news, 'language'), 'en');
  assert.equal(textOf(entry!, news, 'publication_date'), '2030-01-02T12:00:00.000Z');
  assert.equal(textOf(entry!, news, 'title'), 'Tariffs & <trade>');
});

test('robots.txt names what to skip and the sitemaps', () => {
  assert.equal(
    renderRobots({ disallow: ['/admin', '/articles/*/respond'], sitemaps: ['https://n.example/sitemap.xml'] }),
    'User-agent: *\nDisallow: /admin\nDisallow: /articles/*/respond\n\nSitemap: https://n.example/sitemap.xml\n',
  );
});

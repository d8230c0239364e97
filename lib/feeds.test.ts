import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeXml, renderAtom, renderRss, type Feed } from './feeds';
import { children, parseXml, textOf } from './xml-test-support';

const atom = 'http://www.w3.org/2005/Atom';
const dc = 'http://purl.org/dc/elements/1.1/';

const feed: Feed = {
  title: 'Margin: World & <Politics>',
  description: 'The latest from "World"',
  url: 'https://news.example/sections/world',
  selfUrl: 'https://news.example/sections/world/feed.xml',
  language: 'en-GB',
  items: [
    {
      id: 'https://news.example/articles/newer',
      url: 'https://news.example/articles/newer',
      title: 'Tariffs </title><script>alert(1)</script>',
      summary: 'Text with a control \u0001 character and an emoji 🗞️ & ampersand',
      published: '2030-01-02T12:00:00.000Z',
      updated: '2030-01-03T08:30:00.000Z',
      authors: ['Ada Reporter', 'Bo "Quoted" Writer'],
      categories: ['World'],
    },
    {
      id: 'https://news.example/articles/older',
      url: 'https://news.example/articles/older',
      title: 'Older',
      summary: 'Older summary',
      published: '2030-01-01T09:00:00.000Z',
      authors: [],
    },
  ],
};

describe('RSS 2.0', () => {
  test('is well-formed, with the channel and item elements RSS requires, and every value escaped', () => {
    const xml = renderRss(feed);
    const document = parseXml(xml);
    const rss = document.documentElement!;
    assert.equal(rss.localName, 'rss');
    assert.equal(rss.getAttribute('version'), '2.0');
    const [channel] = children(rss, null, 'channel');
    assert.ok(channel);
    assert.equal(textOf(channel, null, 'title'), feed.title);
    assert.equal(textOf(channel, null, 'link'), feed.url);
    assert.equal(textOf(channel, null, 'description'), feed.description);
    assert.equal(textOf(channel, null, 'lastBuildDate'), 'Thu, 03 Jan 2030 08:30:00 GMT');
    const [self] = children(channel, atom, 'link');
    assert.equal(self?.getAttribute('rel'), 'self');
    assert.equal(self?.getAttribute('href'), feed.selfUrl);
    const items = children(channel, null, 'item');
    assert.equal(items.length, 2);
    const [first] = items;
    assert.equal(textOf(first!, null, 'title'), feed.items[0]!.title);
    assert.equal(textOf(first!, null, 'link'), feed.items[0]!.url);
    assert.equal(children(first!, null, 'guid')[0]?.getAttribute('isPermaLink'), 'true');
    assert.equal(textOf(first!, null, 'pubDate'), 'Wed, 02 Jan 2030 12:00:00 GMT');
    assert.deepEqual(children(first!, dc, 'creator').map((element) => element.textContent), feed.items[0]!.authors);
    assert.equal(textOf(first!, null, 'description'), 'Text with a control  character and an emoji 🗞️ & ampersand');
    assert.ok(!xml.includes('<script>'));
  });

  test('an empty feed is still a valid channel', () => {
    const document = parseXml(renderRss({ ...feed, items: [] }));
    const [channel] = children(document.documentElement!, null, 'channel');
    assert.equal(children(channel!, null, 'item').length, 0);
    assert.equal(textOf(channel!, null, 'lastBuildDate'), null);
  });
});

describe('Atom', () => {
  test('is well-formed, with id, title, updated and an author for every entry', () => {
    const document = parseXml(renderAtom({ ...feed, author: 'Margin' }));
    const root = document.documentElement!;
    assert.equal(root.namespaceURI, atom);
    assert.equal(root.localName, 'feed');
    assert.equal(textOf(root, atom, 'id'), feed.selfUrl);
    assert.equal(textOf(root, atom, 'title'), feed.title);
    assert.equal(textOf(root, atom, 'updated'), '2030-01-03T08:30:00.000Z');
    assert.equal(children(root, atom, 'author').length, 1);
    const links = children(root, atom, 'link').map((link) => [link.getAttribute('rel'), link.getAttribute('href')]);
    assert.deepEqual(links, [
      ['self', feed.selfUrl],
      ['alternate', feed.url],
    ]);
    const entries = children(root, atom, 'entry');
    assert.equal(entries.length, 2);
    for (const entry of entries) {
      for (const name of ['id', 'title', 'updated', 'published', 'summary']) assert.ok(textOf(entry, atom, name), name);
    }
    assert.equal(textOf(entries[0]!, atom, 'updated'), '2030-01-03T08:30:00.000Z');
    assert.equal(textOf(entries[1]!, atom, 'updated'), '2030-01-01T09:00:00.000Z');
    assert.deepEqual(
      children(entries[0]!, atom, 'author').map((author) => textOf(author, atom, 'name')),
      feed.items[0]!.authors,
    );
  });

  test('an empty feed still says when it was updated', () => {
    const root = parseXml(renderAtom({ ...feed, items: [], author: 'Margin' })).documentElement!;
    assert.ok(textOf(root, atom, 'updated'));
  });
});

test('escapeXml leaves no markup and no character XML 1.0 forbids', () => {
  assert.equal(escapeXml(`<a href="x">'&'</a>\u0000\u000b\uFFFE\uD800`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  assert.equal(escapeXml('tab\tnew\nline 🗞️'), 'tab\tnew\nline 🗞️');
});

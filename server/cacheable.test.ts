import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cacheablePath, cachePolicy, frontPageMilliseconds, isSharedUncachedPage, newsSitemapMilliseconds } from './cacheable';

const get = (url: string, headers: Record<string, string> = {}) => cacheablePath({ method: 'GET', url, headers });

describe('which requests the page cache answers', () => {
  test('the front page, an article and its comment pages, by GET or HEAD', () => {
    assert.equal(get('/'), '/');
    assert.equal(get('/articles/a-story-2'), '/articles/a-story-2');
    assert.equal(get('/articles/a-story/comments/3'), '/articles/a-story/comments/3');
    assert.equal(get('/articles/a-story/comments/newest'), '/articles/a-story/comments/newest');
    assert.equal(get('/articles/a-story/comments/newest/3'), '/articles/a-story/comments/newest/3');
    for (const url of ['/articles/a-story/comments/oldest', '/articles/a-story/comments/newest/x', '/articles/a-story/comments/newest/3/4']) {
      assert.equal(get(url), null, url);
    }
    assert.equal(cacheablePath({ method: 'HEAD', url: '/articles/a', headers: {} }), '/articles/a');
  });

  test('listings, their pages and feeds, the site feeds, sitemaps and robots.txt, and an article’s comment feed', () => {
    for (const url of [
      '/sections/world',
      '/sections/world/page/2',
      '/sections/world/feed.xml',
      '/tags/trade-talks/page/12',
      '/authors/ada-reporter',
      '/authors/ada-reporter/feed.xml',
      '/feed.xml',
      '/atom.xml',
      '/sitemap.xml',
      '/news-sitemap.xml',
      '/robots.txt',
      '/articles/a-story/comments.xml',
    ]) {
      assert.equal(get(url), url, url);
    }
  });

  test('Next keeps articles; the edge keeps what Next renders per request, the front page and the news sitemap only a while', () => {
    assert.deepEqual(cachePolicy('/articles/a'), { kind: 'next' });
    assert.deepEqual(cachePolicy('/articles/a/comments/2'), { kind: 'next' });
    assert.deepEqual(cachePolicy('/articles/a/comments/newest/2'), { kind: 'next' });
    assert.deepEqual(cachePolicy('/'), { kind: 'rendered', milliseconds: frontPageMilliseconds });
    assert.deepEqual(cachePolicy('/news-sitemap.xml'), { kind: 'rendered', milliseconds: newsSitemapMilliseconds });
    for (const path of ['/sections/a', '/tags/a/page/2', '/authors/a/feed.xml', '/feed.xml', '/sitemap.xml', '/articles/a/comments.xml']) {
      assert.deepEqual(cachePolicy(path), { kind: 'rendered' }, path);
    }
  });

  test('search results are public but never kept here: a stream of made-up queries would push every page out', () => {
    assert.equal(get('/search?q=tariffs'), null);
    assert.equal(get('/search'), null);
    assert.ok(isSharedUncachedPage('/search?q=tariffs&page=2'));
    assert.ok(isSharedUncachedPage('/search'));
    assert.ok(!isSharedUncachedPage('/searching'));
  });

  test('no other method, and no other path', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      assert.equal(cacheablePath({ method, url: '/articles/a', headers: {} }), null, method);
    }
    for (const url of [
      '/admin',
      '/login',
      '/api/held',
      '/articles/a/respond',
      '/articles/a/',
      '/articles/A',
      '/articles/a?x=1',
      '/articles/a?_rsc=1',
      '/?_rsc=abc',
      '/articles/a/comments/x',
      '/articles/a/comments/2/more',
      '/comments/5',
      '/sections',
      '/sections/world/',
      '/sections/world?page=2',
      '/sections/world/page/0',
      '/sections/world/page/01',
      '/sections/world/page/1x',
      '/sections/World',
      '/sections/world/rss.xml',
      '/categories/world',
      '/feed.xml?x=1',
      '/articles/a/comments.xml/x',
      '/articles/a/respond/comments.xml',
      '//',
      '',
    ]) {
      assert.equal(get(url), null, url);
    }
  });

  test('router requests and actions are other responses for the same path', () => {
    assert.equal(get('/articles/a', { rsc: '1' }), null);
    assert.equal(get('/articles/a', { 'next-router-prefetch': '1' }), null);
    assert.equal(get('/', { 'next-router-state-tree': '%5B%5D' }), null);
    assert.equal(get('/articles/a', { 'next-action': 'abc' }), null);
    assert.equal(get('/articles/a', { 'next-url': '/articles/a' }), null);
  });

  test('a reader without JavaScript who has held comments gets their own page', () => {
    assert.equal(get('/articles/a', { cookie: 'margin_plain=1' }), null);
    assert.equal(get('/articles/a', { cookie: 'x=1; margin_plain=1' }), null);
    assert.equal(get('/articles/a', { cookie: 'not_margin_plain=1; margin_held=a' }), '/articles/a');
    assert.equal(get('/articles/a', { cookie: 'margin_reader=abc' }), '/articles/a');
  });
});

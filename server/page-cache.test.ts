import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import {
  forgetAllCachedPages,
  forgetCachedPages,
  getCachedPage,
  pageCacheGeneration,
  putCachedPage,
  type CachedPage,
} from './page-cache';

function page(text: string, expiresAt?: number): CachedPage {
  const bytes = Buffer.from(text);
  return { headers: { 'content-type': 'text/html' }, identity: bytes, gzip: bytes, br: bytes, expiresAt };
}

beforeEach(() => forgetAllCachedPages());

describe('page cache', () => {
  test('an article and its comment pages are forgotten together; other pages stay', () => {
    putCachedPage('/articles/a', page('a'), pageCacheGeneration());
    putCachedPage('/articles/a/comments/2', page('a2'), pageCacheGeneration());
    putCachedPage('/articles/ab', page('ab'), pageCacheGeneration());
    putCachedPage('/', page('front'), pageCacheGeneration());
    forgetCachedPages('/articles/a');
    assert.equal(getCachedPage('/articles/a'), undefined);
    assert.equal(getCachedPage('/articles/a/comments/2'), undefined);
    assert.ok(getCachedPage('/articles/ab'));
    assert.ok(getCachedPage('/'));
    forgetCachedPages('/');
    assert.equal(getCachedPage('/'), undefined);
    assert.ok(getCachedPage('/articles/ab'), 'forgetting the front page leaves the articles');
  });

  test('a page rendered while the cache was emptied is not kept: it may show what changed', () => {
    const generation = pageCacheGeneration();
    forgetCachedPages('/articles/a');
    putCachedPage('/articles/a', page('stale'), generation);
    assert.equal(getCachedPage('/articles/a'), undefined);
  });

  test('a short-lived page is fresh until its time is up, then stale until rendered again', () => {
    putCachedPage('/', page('front', 10_000), pageCacheGeneration());
    assert.equal(getCachedPage('/', 9_999)?.stale, false);
    assert.equal(getCachedPage('/', 10_000)?.stale, true);
    putCachedPage('/', page('front again', 20_000), pageCacheGeneration());
    assert.equal(getCachedPage('/', 10_000)?.stale, false);
    assert.equal(getCachedPage('/', 10_000)?.page.identity.toString(), 'front again');
  });
});

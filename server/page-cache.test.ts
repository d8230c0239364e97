import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import {
  dropOutdatedPage,
  forgetAllCachedPages,
  getCachedPage,
  outdateCachedPages,
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
  test('an article and its comment pages are outdated together; other pages stay up to date', () => {
    putCachedPage('/articles/a', page('a'), pageCacheGeneration());
    putCachedPage('/articles/a/comments/2', page('a2'), pageCacheGeneration());
    putCachedPage('/articles/ab', page('ab'), pageCacheGeneration());
    putCachedPage('/', page('front'), pageCacheGeneration());
    outdateCachedPages('/articles/a');
    assert.equal(getCachedPage('/articles/a')?.stale, true);
    assert.equal(getCachedPage('/articles/a/comments/2')?.stale, true);
    assert.equal(getCachedPage('/articles/ab')?.stale, false);
    assert.equal(getCachedPage('/')?.stale, false);
    outdateCachedPages('/');
    assert.equal(getCachedPage('/')?.stale, true);
    assert.equal(getCachedPage('/articles/ab')?.stale, false, 'outdating the front page leaves the articles');
  });

  test('a page rendered while its path changed is kept outdated: it may miss the change', () => {
    putCachedPage('/articles/a', page('before'), pageCacheGeneration());
    const generation = pageCacheGeneration();
    outdateCachedPages('/articles/a');
    assert.equal(putCachedPage('/articles/a', page('during'), generation), false);
    assert.deepEqual({ ...getCachedPage('/articles/a'), page: getCachedPage('/articles/a')?.page.identity.toString() }, { page: 'during', stale: true });
  });

  test('a change elsewhere while a page rendered leaves it up to date', () => {
    const generation = pageCacheGeneration();
    outdateCachedPages('/articles/b');
    outdateCachedPages('/articles/a/comments');
    assert.equal(putCachedPage('/articles/a', page('a'), generation), true);
    assert.equal(getCachedPage('/articles/a')?.stale, false);
  });

  test('a render that overlapped a change never replaces an up-to-date page rendered after it', () => {
    const generation = pageCacheGeneration();
    outdateCachedPages('/articles/a');
    putCachedPage('/articles/a', page('after'), pageCacheGeneration());
    assert.equal(putCachedPage('/articles/a', page('overlapped'), generation), false);
    assert.equal(getCachedPage('/articles/a')?.page.identity.toString(), 'after');
    assert.equal(getCachedPage('/articles/a')?.stale, false);
  });

  test('an outdated page whose new render is no public page is dropped; an up-to-date one is not', () => {
    putCachedPage('/articles/a', page('a'), pageCacheGeneration());
    putCachedPage('/articles/b', page('b'), pageCacheGeneration());
    outdateCachedPages('/articles/a');
    dropOutdatedPage('/articles/a');
    dropOutdatedPage('/articles/b');
    assert.equal(getCachedPage('/articles/a'), undefined);
    assert.ok(getCachedPage('/articles/b'));
  });

  test('forgetting everything: no page is kept, and a render that overlapped it is kept outdated', () => {
    putCachedPage('/articles/a', page('a'), pageCacheGeneration());
    const generation = pageCacheGeneration();
    forgetAllCachedPages();
    assert.equal(getCachedPage('/articles/a'), undefined);
    assert.equal(putCachedPage('/articles/b', page('b'), generation), false);
    assert.equal(getCachedPage('/articles/b')?.stale, true);
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

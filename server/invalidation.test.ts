import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { getCachedPage, pageCacheGeneration, putCachedPage, type CachedPage } from './page-cache';
import {
  invalidateAll,
  invalidatePages,
  receiveInvalidation,
  setInvalidationBroadcaster,
  type Invalidation,
} from './invalidation';

function keep(path: string) {
  const bytes = Buffer.from(path);
  const page: CachedPage = { headers: {}, identity: bytes, gzip: bytes, br: bytes };
  assert.ok(putCachedPage(path, page, pageCacheGeneration()));
}

const kept = (...paths: string[]) => paths.filter((path) => getCachedPage(path) !== undefined);

describe('page invalidation', () => {
  const sent: Invalidation[] = [];
  beforeEach(() => {
    invalidateAll();
    sent.length = 0;
    setInvalidationBroadcaster((invalidation) => sent.push(invalidation));
    for (const path of ['/', '/articles/a', '/articles/a/comments/2', '/articles/ab', '/articles/b']) keep(path);
  });
  afterEach(() => setInvalidationBroadcaster(null));

  test('pages and the pages below them leave this cache, and the broadcaster hears of it', () => {
    invalidatePages(['/articles/a', '/']);
    assert.deepEqual(kept('/', '/articles/a', '/articles/a/comments/2', '/articles/ab', '/articles/b'), ['/articles/ab', '/articles/b']);
    assert.deepEqual(sent, [{ pages: ['/articles/a', '/'] }]);
  });

  test('everything at once', () => {
    invalidateAll();
    assert.deepEqual(kept('/', '/articles/a', '/articles/ab', '/articles/b'), []);
    assert.deepEqual(sent, [{ all: true }]);
  });

  test('an invalidation from another machine applies here and is not sent on again', () => {
    receiveInvalidation({ pages: ['/articles/b'] });
    receiveInvalidation({ all: true });
    assert.deepEqual(kept('/', '/articles/a'), []);
    assert.deepEqual(sent, []);
  });

  test('a broadcaster that fails leaves this machine invalidated', () => {
    setInvalidationBroadcaster(() => {
      throw new Error('network down');
    });
    const error = console.error;
    console.error = () => {};
    try {
      invalidatePages(['/articles/b']);
    } finally {
      console.error = error;
    }
    assert.deepEqual(kept('/articles/b', '/articles/a'), ['/articles/a']);
  });

  test('a page rendered while its invalidation ran is not kept', () => {
    const generation = pageCacheGeneration();
    invalidatePages(['/articles/b']);
    const bytes = Buffer.from('rendered before the change');
    assert.equal(putCachedPage('/articles/b', { headers: {}, identity: bytes, gzip: bytes, br: bytes }, generation), false);
    assert.deepEqual(kept('/articles/b'), []);
  });
});

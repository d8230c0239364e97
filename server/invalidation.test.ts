import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { getCachedPage, pageCacheGeneration, putCachedPage, type CachedPage } from './page-cache';
import { implicitTagPrefix } from './next-internals';
import {
  catchUpWithOtherServers,
  invalidate,
  receiveInvalidation,
  setInvalidationBroadcaster,
  setInvalidationFeed,
  type Invalidation,
} from './invalidation';

const invalidatePages = (pages: string[]) => invalidate({ pages, nextTags: [`${implicitTagPrefix}${pages[0]}`] });
const invalidateAll = () => invalidate({ pages: 'all', nextTags: [] });

function keep(path: string) {
  const bytes = Buffer.from(path);
  const page: CachedPage = { headers: {}, identity: bytes, gzip: bytes, br: bytes };
  assert.ok(putCachedPage(path, page, pageCacheGeneration()));
}

/** The paths this server serves up to date (an outdated page is rendered again first). */
const kept = (...paths: string[]) => paths.filter((path) => getCachedPage(path)?.stale === false);

describe('page invalidation', () => {
  const sent: Invalidation[] = [];
  beforeEach(() => {
    invalidateAll();
    sent.length = 0;
    setInvalidationBroadcaster(async (invalidation) => void sent.push(invalidation));
    for (const path of ['/', '/articles/a', '/articles/a/comments/2', '/articles/ab', '/articles/b']) keep(path);
  });
  afterEach(() => setInvalidationBroadcaster(null));

  test('pages and the pages below them are outdated here, and the broadcaster hears of it before the call resolves', async () => {
    await invalidatePages(['/articles/a', '/']);
    assert.deepEqual(kept('/', '/articles/a', '/articles/a/comments/2', '/articles/ab', '/articles/b'), ['/articles/ab', '/articles/b']);
    assert.deepEqual(sent, [{ pages: ['/articles/a', '/'], nextTags: [`${implicitTagPrefix}/articles/a`] }]);
  });

  test('everything at once', () => {
    invalidateAll();
    assert.deepEqual(kept('/', '/articles/a', '/articles/ab', '/articles/b'), []);
    assert.deepEqual(sent, [{ pages: 'all', nextTags: [] }]);
  });

  test('an invalidation from another machine applies here and is not sent on again', () => {
    receiveInvalidation({ pages: ['/articles/b'], nextTags: [] });
    receiveInvalidation({ pages: 'all', nextTags: [] });
    assert.deepEqual(kept('/', '/articles/a'), []);
    assert.deepEqual(sent, []);
  });

  test('a broadcaster that fails leaves this machine invalidated, and the caller is not failed', async () => {
    setInvalidationBroadcaster(() => Promise.reject(new Error('network down')));
    const error = console.error;
    console.error = () => {};
    try {
      await invalidatePages(['/articles/b']);
    } finally {
      console.error = error;
    }
    assert.deepEqual(kept('/articles/b', '/articles/a'), ['/articles/a']);
  });

  test('a page rendered while its invalidation ran is not kept up to date', () => {
    const generation = pageCacheGeneration();
    invalidatePages(['/articles/b']);
    const bytes = Buffer.from('rendered before the change');
    assert.equal(putCachedPage('/articles/b', { headers: {}, identity: bytes, gzip: bytes, br: bytes }, generation), false);
    assert.deepEqual(kept('/articles/b'), []);
  });

  test('catching up applies what the feed heard; a feed without its source, or failing, means the cache is not trusted', async () => {
    let source: 'up' | 'lost' | 'failing' | 'failing to read' = 'up';
    const heard: Invalidation[] = [{ pages: ['/articles/a'], nextTags: [] }];
    setInvalidationFeed({
      catchUp() {
        if (source === 'failing') throw new Error('database gone');
        if (source === 'failing to read') return Promise.reject(new Error('connection ended'));
        if (heard.length === 0) return undefined;
        // Reading the others' announcements takes a moment: the page waits for it.
        return Promise.resolve().then(() => {
          for (const invalidation of heard.splice(0)) receiveInvalidation(invalidation);
        });
      },
      trusted: () => source === 'up',
    });
    const error = console.error;
    console.error = () => {};
    try {
      const reading = catchUpWithOtherServers();
      assert.ok(reading instanceof Promise, 'news to read: the page waits');
      assert.equal(await reading, true);
      assert.deepEqual(kept('/articles/a', '/articles/b'), ['/articles/b']);
      assert.equal(catchUpWithOtherServers(), true, 'no news: an answer at once');
      source = 'lost';
      assert.equal(catchUpWithOtherServers(), false);
      source = 'failing';
      assert.equal(catchUpWithOtherServers(), false);
      source = 'failing to read';
      assert.equal(await catchUpWithOtherServers(), false);
      setInvalidationFeed(null);
      assert.equal(catchUpWithOtherServers(), true);
    } finally {
      console.error = error;
      setInvalidationFeed(null);
    }
  });
});

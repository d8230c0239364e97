import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { expireNextTags, implicitTagPrefix, pathTags, isKeptUntilRevalidated, isRouterRequest, pageHeaders, routeCacheFolder } from './next-internals';

// The installed Next, read where it keeps the names server/next-internals.ts relies on. A failure
// here after a Next upgrade means: read the comment block in next-internals.ts again.

const require = createRequire(import.meta.url);
const routeCacheKey = require('next/dist/server/lib/route-cache-key.js') as { ROUTE_CACHE_DIRECTORY: string };
const routerHeaders = require('next/dist/client/components/app-router-headers.js') as Record<string, unknown>;
const { getCacheControlHeader } = require('next/dist/server/lib/cache-control.js') as {
  getCacheControlHeader: (control: { revalidate: number | false; expire: number | undefined }) => string;
};

describe('what the serving edge relies on in Next', () => {
  test('Next keeps rendered pages in .next/server/route-cache', () => {
    assert.equal(routeCacheFolder('.next'), `.next/server/${routeCacheKey.ROUTE_CACHE_DIRECTORY}`);
    assert.equal(routeCacheKey.ROUTE_CACHE_DIRECTORY, 'route-cache');
  });

  test('every request header that makes a router request or an action is recognised', () => {
    const names = [
      ...(routerHeaders.FLIGHT_HEADERS as string[]),
      routerHeaders.ACTION_HEADER,
      routerHeaders.NEXT_URL,
      routerHeaders.NEXT_ROUTER_PREFETCH_HEADER,
      routerHeaders.NEXT_ROUTER_SEGMENT_PREFETCH_HEADER,
      routerHeaders.NEXT_HMR_REFRESH_HEADER,
    ] as string[];
    assert.ok(names.length >= 7 && names.every((name) => typeof name === 'string'));
    for (const name of names) assert.ok(isRouterRequest([name]), name);
    assert.equal(isRouterRequest(['accept', 'accept-encoding', 'cookie', 'user-agent', 'if-none-match']), false);
  });

  test('a page kept until revalidated says s-maxage; a page rendered per request says private', () => {
    const kept = getCacheControlHeader({ revalidate: false, expire: undefined });
    assert.equal(kept, 's-maxage=31536000');
    assert.ok(isKeptUntilRevalidated(kept));
    const perRequest = getCacheControlHeader({ revalidate: 0, expire: undefined });
    assert.match(perRequest, /^private, no-cache, no-store/);
    assert.equal(isKeptUntilRevalidated(perRequest), false);
  });

  test('the headers kept with a page are the ones Next names', () => {
    const kept: readonly string[] = pageHeaders;
    assert.ok(kept.includes(routerHeaders.NEXT_IS_PRERENDER_HEADER as string));
    assert.ok(kept.includes(routerHeaders.NEXT_ROUTER_STALE_TIME_HEADER as string));
  });

  test('a page kept before expireNextTags() is expired by Next’s own reading of its tag manifest; one kept after is not', () => {
    const constants = require('next/dist/lib/constants.js') as { NEXT_CACHE_IMPLICIT_TAG_ID: string };
    assert.equal(implicitTagPrefix, constants.NEXT_CACHE_IMPLICIT_TAG_ID);
    const manifest = require('next/dist/server/lib/incremental-cache/tags-manifest.external.js') as {
      areTagsExpired: (tags: string[], timestamp: number) => boolean;
    };
    const tag = `${implicitTagPrefix}/articles/expire-me`;
    const keptAt = Date.now() - 1_000;
    assert.equal(manifest.areTagsExpired([tag], keptAt), false);
    expireNextTags(pathTags('/articles/expire-me'), Date.now() - 10);
    assert.equal(manifest.areTagsExpired([`${implicitTagPrefix}/layout`, tag], keptAt), true);
    assert.equal(manifest.areTagsExpired([tag], Date.now()), false);
  });

  test('pathTags() names the tags Next’s own revalidatePath() expires, for a path, a route pattern and a layout', () => {
    // As Next's server does before it loads its request stores (node-environment).
    Object.assign(globalThis, { AsyncLocalStorage: (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ?? AsyncLocalStorage });
    const { workAsyncStorage } = require('next/dist/server/app-render/work-async-storage.external.js') as {
      workAsyncStorage: { run<T>(store: object, callback: () => T): T };
    };
    const { revalidatePath } = require('next/dist/server/web/spec-extension/revalidate.js') as {
      revalidatePath: (path: string, type?: 'page' | 'layout') => void;
    };
    const cases: [string, ('page' | 'layout')?][] = [
      ['/'],
      ['/articles/a-story'],
      ['/articles/a-story/'],
      ['/articles/[slug]', 'page'],
      ['/articles/[slug]/comments/[page]', 'page'],
      ['/', 'layout'],
      ['/sections/news/feed.xml'],
    ];
    for (const [pagePath, type] of cases) {
      const store: { incrementalCache: object; pendingRevalidatedTags?: { tag: string }[] } = { incrementalCache: {} };
      workAsyncStorage.run(store, () => revalidatePath(pagePath, type));
      assert.deepEqual(pathTags(pagePath, type), store.pendingRevalidatedTags?.map(({ tag }) => tag), `${pagePath} ${type ?? ''}`);
    }
  });
});

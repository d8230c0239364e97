import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { sharedCacheControl, shortenedCacheControl, shortenSharedCaching } from './shared-cache';

describe('the shortened shared-cache header', () => {
  test('a page Next keeps until revalidated is kept SHARED_CACHE_SECONDS in front', () => {
    const shared = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';
    assert.equal(sharedCacheControl(60), shared);
    assert.equal(shortenedCacheControl('s-maxage=31536000', 60), shared);
    assert.equal(shortenedCacheControl('s-maxage=31536000, stale-while-revalidate', 60), shared);
    assert.equal(shortenedCacheControl('public, s-maxage=3600', 0), 'public, max-age=0, s-maxage=0, stale-while-revalidate=0');
  });

  test('private, no-store and plain max-age answers pass unchanged', () => {
    for (const value of [
      'private, no-cache, no-store, max-age=0, must-revalidate',
      'private, no-store',
      'private, s-maxage=10',
      'no-store',
      'public, max-age=3600',
      'public, max-age=31536000, immutable',
    ]) {
      assert.equal(shortenedCacheControl(value, 60), value);
    }
  });

  test('the header is rewritten on a real response, whatever the case of its name', async () => {
    const server = http.createServer((request, response) => {
      shortenSharedCaching(response, 30);
      response.setHeader(request.url === '/page' ? 'Cache-Control' : 'cache-control', request.url === '/page' ? 's-maxage=31536000' : 'private, no-store');
      response.setHeader('content-type', 'text/plain');
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal((await fetch(`${base}/page`)).headers.get('cache-control'), sharedCacheControl(30));
      assert.equal((await fetch(`${base}/admin`)).headers.get('cache-control'), 'private, no-store');
    } finally {
      server.close();
    }
  });
});

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { clientAddressHeader, verifyClientStamp } from './client-stamp';
import { createEdge, frontPageMilliseconds } from './edge';
import { invalidate, setInvalidationFeed } from './invalidation';

const invalidatePages = (pages: string[]) => invalidate({ pages, nextTags: [] });

// The serving edge in front of a stand-in for Next that answers as Next does (see
// next-internals.ts): setHeader, write and end; s-maxage=31536000 for an article, private for the
// front page and for router requests.

type Seen = { url: string; headers: http.IncomingHttpHeaders };

class FakeNext {
  renders = 0;
  seen: Seen[] = [];
  version = 'one';
  /** When set, a render waits for it before it sends its page. */
  hold: Promise<void> | null = null;
  /** Pages that are gone (an article unpublished): 404, private. */
  missing = new Set<string>();

  handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    this.seen.push({ url: request.url ?? '', headers: { ...request.headers } });
    this.renders++;
    const version = this.version;
    if (this.hold) await this.hold;
    if (this.missing.has(request.url ?? '')) {
      response.statusCode = 404;
      response.setHeader('cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate');
      response.end('not found');
      return;
    }
    if (request.headers.rsc) {
      response.setHeader('content-type', 'text/x-component');
      response.setHeader('cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate');
      response.end(`rsc ${version}`);
      return;
    }
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('x-nextjs-cache', 'HIT');
    if (request.url === '/' || request.url?.startsWith('/sections/') || request.url?.startsWith('/search')) {
      response.setHeader('cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate');
    } else if (request.url?.endsWith('.xml')) {
      // A feed: its route handler says it is public and dates it.
      response.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      response.setHeader('cache-control', 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
      response.setHeader('etag', `"feed-${version}"`);
      response.setHeader('last-modified', 'Wed, 02 Jan 2030 12:00:00 GMT');
    } else {
      response.setHeader('cache-control', 's-maxage=31536000');
      response.setHeader('etag', `"${version}"`);
      response.setHeader('x-nextjs-prerender', '1');
    }
    if (request.url?.includes('big')) response.setHeader('vary', 'rsc, next-router-state-tree');
    response.write(`<p>${request.url} `);
    if (request.url?.includes('big')) response.write('long words '.repeat(500));
    response.end(`${version}</p>`);
  };
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

function request(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port, method, path, headers }, (response) => {
        let text = '';
        response.setEncoding('latin1');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      })
      .on('error', reject)
      .end();
  });
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('never happened');
}

function startEdge(pageCache: boolean) {
  const next = new FakeNext();
  const server = http.createServer(createEdge({ handle: next.handle, trustedProxies: [], sharedCacheSeconds: 60, pageCache }));
  const ready = new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  return { next, server, ready };
}

describe('the serving edge', () => {
  const { next, server, ready } = startEdge(true);
  let port: number;
  const get = (path: string, headers?: Record<string, string>) => request(port, 'GET', path, headers);
  const kept = async (path: string) => (await request(port, 'HEAD', path)).headers['x-margin-cache'] === 'HIT';
  before(async () => (port = await ready));
  after(() => server.close());
  beforeEach(() => {
    invalidate({ pages: 'all', nextTags: [] });
    next.hold = null;
    next.version = 'one';
    next.missing.clear();
  });

  test('MISS asks Next, then HIT from the cache, named by x-margin-cache and not x-nextjs-cache', async () => {
    const first = await get('/articles/a');
    assert.equal(first.headers['x-margin-cache'], 'MISS');
    assert.equal(first.text, '<p>/articles/a one</p>');
    await until(() => kept('/articles/a'));
    const renders = next.renders;
    const second = await get('/articles/a', { 'accept-encoding': 'identity' });
    assert.equal(second.headers['x-margin-cache'], 'HIT');
    assert.equal(second.headers['x-nextjs-cache'], undefined);
    assert.equal(second.headers['x-nextjs-prerender'], '1');
    assert.equal(second.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
    assert.equal(second.text, '<p>/articles/a one</p>');
    assert.equal(next.renders, renders, 'Next was not asked again');
  });

  test('a shared cache in front gets the short lifetime on a MISS too', async () => {
    const first = await get('/articles/short');
    assert.equal(first.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
  });

  test('compressed once: gzip and brotli answers carry the same page', async () => {
    await get('/articles/z');
    await until(() => kept('/articles/z'));
    const br = await fetch(`http://127.0.0.1:${port}/articles/z`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(await br.text(), '<p>/articles/z one</p>');
    const gzip = await fetch(`http://127.0.0.1:${port}/articles/z`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers.get('content-encoding'), 'gzip');
    assert.equal(await gzip.text(), '<p>/articles/z one</p>');
  });

  test('a MISS is compressed as the reader accepts, with Next\'s Vary kept; a small page or a HEAD is not', async () => {
    const page = `<p>/articles/big-miss ${'long words '.repeat(500)}one</p>`;
    const br = await fetch(`http://127.0.0.1:${port}/articles/big-miss`, { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(br.headers.get('x-margin-cache'), 'MISS');
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.equal(br.headers.get('vary'), 'rsc, next-router-state-tree, Accept-Encoding');
    assert.equal(await br.text(), page);
    invalidatePages(['/articles/big-miss']);
    const gzip = await fetch(`http://127.0.0.1:${port}/articles/big-miss`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers.get('x-margin-cache'), 'MISS');
    assert.equal(gzip.headers.get('content-encoding'), 'gzip');
    assert.ok(Number(gzip.headers.get('content-length')) < page.length / 4);
    assert.equal(await gzip.text(), page);
    const feed = await fetch(`http://127.0.0.1:${port}/sections/big/feed.xml`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(feed.headers.get('content-encoding'), 'gzip');
    assert.match(await feed.text(), /long words/);
    const small = await get('/articles/small-miss', { 'accept-encoding': 'gzip, br' });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal(small.text, '<p>/articles/small-miss one</p>');
    const head = await request(port, 'HEAD', '/articles/big-head', { 'accept-encoding': 'gzip, br' });
    assert.equal(head.headers['content-encoding'], undefined);
  });

  test('a router request for a kept page goes to Next and leaves the kept page alone', async () => {
    await get('/articles/r');
    await until(() => kept('/articles/r'));
    const rsc = await get('/articles/r', { rsc: '1' });
    assert.equal(rsc.headers['x-margin-cache'], undefined);
    assert.equal(rsc.headers['content-type'], 'text/x-component');
    assert.equal(rsc.text, 'rsc one');
    assert.equal((await get('/articles/r')).text, '<p>/articles/r one</p>');
  });

  test('a page rendered while its cache was emptied is not kept: it may show what changed', async () => {
    let release = () => {};
    next.hold = new Promise((resolve) => (release = resolve));
    const rendering = get('/articles/race');
    await until(async () => next.seen.some((seen) => seen.url === '/articles/race'));
    // A moderator's decision lands while the old version is being rendered.
    invalidatePages(['/articles/race']);
    next.version = 'two';
    release();
    assert.equal((await rendering).text, '<p>/articles/race one</p>');
    next.hold = null;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await get('/articles/race');
    assert.equal(after.headers['x-margin-cache'], 'MISS', 'the old render was not kept');
    assert.equal(after.text, '<p>/articles/race two</p>');
  });

  test('an invalidated article and its comment pages are asked of Next again', async () => {
    await get('/articles/i');
    await get('/articles/i/comments/2');
    await until(async () => (await kept('/articles/i')) && (await kept('/articles/i/comments/2')));
    invalidatePages(['/articles/i']);
    assert.equal((await get('/articles/i')).headers['x-margin-cache'], 'MISS');
    assert.equal((await get('/articles/i/comments/2')).headers['x-margin-cache'], 'MISS');
  });

  test('after a change, one request renders the page again while every reader arriving meanwhile gets the outdated one (STALE)', async () => {
    await get('/articles/live');
    await until(() => kept('/articles/live'));
    invalidatePages(['/articles/live']);
    let release = () => {};
    next.hold = new Promise((resolve) => (release = resolve));
    next.version = 'two';
    const asked = next.renders;
    const renderer = get('/articles/live');
    await until(async () => next.renders === asked + 1);
    const meanwhile = await Promise.all(Array.from({ length: 5 }, () => get('/articles/live')));
    assert.deepEqual(meanwhile.map((answer) => answer.headers['x-margin-cache']), Array(5).fill('STALE'));
    assert.equal(meanwhile[0]?.text, '<p>/articles/live one</p>');
    assert.equal(next.renders, asked + 1, 'one render, however many readers wait');
    release();
    next.hold = null;
    assert.equal((await renderer).text, '<p>/articles/live two</p>');
    await until(async () => (await get('/articles/live')).headers['x-margin-cache'] === 'HIT');
    assert.equal((await get('/articles/live')).text, '<p>/articles/live two</p>');
  });

  test('an outdated page whose new render is gone (unpublished) is dropped, never served again', async () => {
    await get('/articles/pulled');
    await until(() => kept('/articles/pulled'));
    next.missing.add('/articles/pulled');
    invalidatePages(['/articles/pulled']);
    assert.equal((await get('/articles/pulled')).status, 404);
    const again = await get('/articles/pulled');
    assert.equal(again.status, 404);
    assert.notEqual(again.headers['x-margin-cache'], 'STALE');
  });

  test('HEAD before any GET goes to Next and keeps nothing; 304 for a reader who has the page', async () => {
    const head = await request(port, 'HEAD', '/articles/h');
    assert.equal(head.status, 200);
    assert.equal(head.headers['x-margin-cache'], 'MISS');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await get('/articles/h')).headers['x-margin-cache'], 'MISS');
    await until(() => kept('/articles/h'));
    const notModified = await get('/articles/h', { 'if-none-match': '"one"' });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.text, '');
    assert.equal((await get('/articles/h', { 'if-none-match': '"zero"' })).status, 200);
  });

  test('the front page: public for a second, then STALE to others while one request renders it again', async () => {
    const first = await get('/');
    assert.equal(first.headers['x-margin-cache'], 'MISS');
    assert.equal(first.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
    await until(() => kept('/'));
    await new Promise((resolve) => setTimeout(resolve, frontPageMilliseconds + 20));
    let release = () => {};
    next.hold = new Promise((resolve) => (release = resolve));
    next.version = 'two';
    const asked = next.renders;
    const renderer = get('/');
    await until(async () => next.renders === asked + 1);
    const meanwhile = await get('/');
    assert.equal(meanwhile.headers['x-margin-cache'], 'STALE');
    assert.equal(meanwhile.text, '<p>/ one</p>');
    release();
    next.hold = null;
    assert.equal((await renderer).headers['x-margin-cache'], 'MISS');
    await until(async () => (await get('/')).text === '<p>/ two</p>');
  });

  test('a listing Next renders per request is public and kept until the listings are invalidated', async () => {
    const first = await get('/sections/world');
    assert.equal(first.headers['x-margin-cache'], 'MISS');
    assert.equal(first.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
    await until(() => kept('/sections/world'));
    await get('/sections/world/page/2');
    await until(() => kept('/sections/world/page/2'));
    await new Promise((resolve) => setTimeout(resolve, frontPageMilliseconds + 20));
    assert.equal((await get('/sections/world')).headers['x-margin-cache'], 'HIT');
    invalidatePages(['/sections']);
    assert.equal((await get('/sections/world')).headers['x-margin-cache'], 'MISS');
    assert.equal((await get('/sections/world/page/2')).headers['x-margin-cache'], 'MISS');
  });

  test('a feed keeps its entity tag and date: 304 by either from the cache', async () => {
    await get('/feed.xml');
    await until(() => kept('/feed.xml'));
    const hit = await get('/feed.xml');
    assert.equal(hit.headers['last-modified'], 'Wed, 02 Jan 2030 12:00:00 GMT');
    assert.equal(hit.headers['content-type'], 'application/rss+xml; charset=utf-8');
    assert.equal((await get('/feed.xml', { 'if-none-match': hit.headers.etag! })).status, 304);
    assert.equal((await get('/feed.xml', { 'if-modified-since': 'Wed, 02 Jan 2030 12:00:00 GMT' })).status, 304);
    assert.equal((await get('/feed.xml', { 'if-modified-since': 'Tue, 01 Jan 2030 12:00:00 GMT' })).status, 200);
  });

  test('search results are public for caches in front but never kept', async () => {
    const renders = next.renders;
    for (let i = 0; i < 2; i++) {
      const answer = await get('/search?q=tariffs');
      assert.equal(answer.headers['x-margin-cache'], undefined);
      assert.equal(answer.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    assert.equal(next.renders, renders + 2);
  });

  test('pages that are not shared go to Next without the cache header', async () => {
    for (const path of ['/admin', '/articles/a/respond', '/api/held?article=1']) {
      const answer = await get(path);
      assert.equal(answer.headers['x-margin-cache'], undefined, path);
    }
    const plain = await get('/articles/a', { cookie: 'margin_plain=1' });
    assert.equal(plain.headers['x-margin-cache'], undefined);
  });

  test('another server\u2019s invalidation is applied before a page is served; while unheard, nothing is served or kept', async () => {
    const announced: string[] = [];
    let heard = true;
    setInvalidationFeed({
      // As on PostgreSQL: reading the news takes a moment, and the page waits for it.
      catchUp: () => {
        if (announced.length === 0) return undefined;
        return new Promise((resolve) => setTimeout(resolve, 20)).then(() => announced.splice(0).forEach((path) => invalidatePages([path])));
      },
      trusted: () => heard,
    });
    try {
      await get('/articles/elsewhere');
      await until(() => kept('/articles/elsewhere'));
      next.version = 'two';
      announced.push('/articles/elsewhere');
      const after = await get('/articles/elsewhere');
      assert.equal(after.headers['x-margin-cache'], 'MISS');
      assert.match(after.text, /two/);
      heard = false;
      next.version = 'three';
      const renders = next.renders;
      for (let i = 0; i < 2; i++) assert.match((await get('/articles/elsewhere')).text, /three/);
      assert.equal(next.renders, renders + 2);
    } finally {
      setInvalidationFeed(null);
    }
  });

  test('Next sees the stamped connection address, never the one the client sent', async () => {
    await get('/admin', { [clientAddressHeader]: '198.51.100.1', 'x-forwarded-for': '198.51.100.1' });
    const seen = next.seen.at(-1)!;
    assert.equal(verifyClientStamp(String(seen.headers[clientAddressHeader])), '127.0.0.1');
    assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
  });

  test('a body over 64 KB is refused before Next sees it', async () => {
    const renders = next.renders;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const post = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/articles/a' }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      });
      post.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      post.end(Buffer.alloc(70 * 1024, 'x'));
    });
    assert.equal(answer.status, 413);
    assert.match(answer.text, /Too long to send/);
    assert.equal(next.renders, renders);
  });
});

describe('the serving edge with the page cache off (MARGIN_PAGE_CACHE=off)', () => {
  const { next, server, ready } = startEdge(false);
  let port: number;
  before(async () => (port = await ready));
  after(() => server.close());

  test('every request goes to Next; no x-margin-cache; the same headers otherwise', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await request(port, 'GET', '/articles/off');
      assert.equal(answer.headers['x-margin-cache'], undefined);
      assert.equal(answer.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(next.renders, 3);
    const front = await request(port, 'GET', '/');
    assert.equal(front.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
  });
});

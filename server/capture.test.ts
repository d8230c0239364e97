import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { capturePage } from './capture';
import { forgetAllCachedPages, getCachedPage } from './page-cache';

// What the page cache keeps of an answer it watched Next send.

type Send = (response: http.ServerResponse) => void;

describe('keeping a page Next sent', () => {
  let server: http.Server;
  let port: number;
  let send: Send = () => {};
  let captured: Promise<boolean> = Promise.resolve(false);
  let seenAcceptEncoding: string | undefined;
  before(async () => {
    server = http.createServer((request, response) => {
      captured = capturePage(request.url ?? '', request, response);
      seenAcceptEncoding = request.headers['accept-encoding'];
      send(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());
  beforeEach(() => forgetAllCachedPages());

  async function answer(path: string, how: Send): Promise<boolean> {
    send = how;
    await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'accept-encoding': 'gzip, br' } }).then((r) => r.arrayBuffer());
    return captured;
  }

  test('a public page: its bytes, written in parts, with its own headers, compressed once', async () => {
    const kept = await answer('/a', (response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.setHeader('cache-control', 'public, max-age=0, s-maxage=60');
      response.setHeader('etag', '"e"');
      response.setHeader('x-powered-by', 'nobody');
      response.write('<p>one ');
      response.write(Buffer.from('two '));
      response.end('three</p>');
    });
    assert.equal(kept, true);
    assert.equal(seenAcceptEncoding, undefined, 'Next is asked for the page uncompressed');
    const page = getCachedPage('/a')!.page;
    assert.equal(page.identity.toString(), '<p>one two three</p>');
    assert.deepEqual(page.headers, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=0, s-maxage=60', etag: '"e"' });
    assert.ok(page.gzip.length > 0 && page.br.length > 0);
    assert.equal(page.expiresAt, undefined);
  });

  test('not kept: a private answer, one that sets a cookie, or an error', async () => {
    const cases: Record<string, Send> = {
      '/private': (response) => {
        response.setHeader('cache-control', 'private, no-store');
        response.end('mine');
      },
      '/cookie': (response) => {
        response.setHeader('cache-control', 'public, s-maxage=60');
        response.setHeader('set-cookie', 'a=b');
        response.end('with a cookie');
      },
      '/error': (response) => {
        response.statusCode = 500;
        response.setHeader('cache-control', 'public, s-maxage=60');
        response.end('broken');
      },
      '/none': (response) => response.end('no cache-control'),
    };
    for (const [path, how] of Object.entries(cases)) {
      assert.equal(await answer(path, how), false, path);
      assert.equal(getCachedPage(path), undefined, path);
    }
  });

  test('not kept: an answer the reader left before its end', async () => {
    send = (response) => {
      response.setHeader('cache-control', 'public, s-maxage=60');
      response.write('half a page');
    };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/left`, { signal: controller.signal });
    await response.body!.getReader().read();
    controller.abort();
    assert.equal(await captured, false);
    assert.equal(getCachedPage('/left'), undefined);
  });
});

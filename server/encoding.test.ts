import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerFromCache, chooseEncoding } from './encoding';
import type { CachedPage } from './page-cache';

const page: CachedPage = {
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=0, s-maxage=60', etag: '"abc"' },
  identity: Buffer.from('<p>identity</p>'),
  gzip: Buffer.from('gzipped'),
  br: Buffer.from('br'),
};

describe('encoding negotiation', () => {
  test('brotli when accepted, else gzip, else the plain bytes', () => {
    assert.equal(chooseEncoding('gzip, deflate, br, zstd'), 'br');
    assert.equal(chooseEncoding('gzip, deflate'), 'gzip');
    assert.equal(chooseEncoding('deflate'), 'identity');
    assert.equal(chooseEncoding(''), 'identity');
    assert.equal(chooseEncoding(undefined), 'identity');
    assert.equal(chooseEncoding('GZIP'), 'gzip');
  });

  test('q-values count: refused encodings are not sent, and the reader\'s preference wins', () => {
    assert.equal(chooseEncoding('br;q=0, gzip'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0'), 'identity');
    assert.equal(chooseEncoding('gzip;q=1.0, br;q=0.5'), 'gzip');
    assert.equal(chooseEncoding('gzip;q=0.5, br;q=0.5'), 'br');
    assert.equal(chooseEncoding('identity;q=1, gzip;q=0.1'), 'identity');
    assert.equal(chooseEncoding(['gzip', 'br;q=0.9']), 'gzip');
    assert.equal(chooseEncoding('xbr, gzipx'), 'identity');
  });

  test('a wildcard stands for every encoding not named', () => {
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding('br;q=0, *'), 'gzip');
    assert.equal(chooseEncoding('*;q=0, identity'), 'identity');
  });
});

describe('a kept page answered', () => {
  test('GET: the chosen bytes with their length and encoding, Vary and the cache state', () => {
    const answer = answerFromCache({ method: 'GET', headers: { 'accept-encoding': 'gzip, br' } }, page, 'HIT');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, page.br);
    assert.equal(answer.headers['content-encoding'], 'br');
    assert.equal(answer.headers['content-length'], page.br.length);
    assert.equal(answer.headers.vary, 'Accept-Encoding');
    assert.equal(answer.headers['x-margin-cache'], 'HIT');
    assert.equal(answer.headers['x-nextjs-cache'], undefined);
    assert.equal(answer.headers['cache-control'], page.headers['cache-control']);

    const plain = answerFromCache({ method: 'GET', headers: {} }, page, 'STALE');
    assert.equal(plain.body, page.identity);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['content-length'], page.identity.length);
    assert.equal(plain.headers['x-margin-cache'], 'STALE');
  });

  test('HEAD: the same headers as GET, no body', () => {
    const get = answerFromCache({ method: 'GET', headers: { 'accept-encoding': 'gzip' } }, page, 'HIT');
    const head = answerFromCache({ method: 'HEAD', headers: { 'accept-encoding': 'gzip' } }, page, 'HIT');
    assert.equal(head.status, 200);
    assert.equal(head.body, null);
    assert.deepEqual(head.headers, get.headers);
  });

  test('304 when the reader has this version, with its entity tag and no body', () => {
    for (const ifNoneMatch of ['"abc"', 'W/"abc"', '"zzz", "abc"', '*']) {
      const answer = answerFromCache({ method: 'GET', headers: { 'if-none-match': ifNoneMatch, 'accept-encoding': 'br' } }, page, 'HIT');
      assert.equal(answer.status, 304, ifNoneMatch);
      assert.equal(answer.body, null);
      assert.equal(answer.headers.etag, '"abc"');
      assert.equal(answer.headers['content-length'], undefined);
      assert.equal(answer.headers['content-encoding'], undefined);
    }
    assert.equal(answerFromCache({ method: 'GET', headers: { 'if-none-match': '"old"' } }, page, 'HIT').status, 200);
    assert.equal(answerFromCache({ method: 'HEAD', headers: { 'if-none-match': '"abc"' } }, page, 'HIT').status, 304);
  });

  test('a page without an entity tag is never answered 304 for an entity tag', () => {
    const untagged = { ...page, headers: { 'content-type': 'text/html' } };
    assert.equal(answerFromCache({ method: 'GET', headers: { 'if-none-match': '"abc"' } }, untagged, 'HIT').status, 200);
  });

  test('a page with Last-Modified (a feed) is 304 for a reader who has it since then, unless an entity tag says otherwise', () => {
    const dated = { ...page, headers: { ...page.headers, 'last-modified': 'Wed, 02 Jan 2030 12:00:00 GMT' } };
    const since = (date: string, extra: Record<string, string> = {}) =>
      answerFromCache({ method: 'GET', headers: { 'if-modified-since': date, ...extra } }, dated, 'HIT').status;
    assert.equal(since('Wed, 02 Jan 2030 12:00:00 GMT'), 304);
    assert.equal(since('Wed, 02 Jan 2030 11:00:00 GMT'), 200);
    assert.equal(since('Wed, 02 Jan 2030 12:00:00 GMT', { 'if-none-match': '"old"' }), 200);
    assert.equal(answerFromCache({ method: 'GET', headers: { 'if-modified-since': 'Wed, 02 Jan 2030 12:00:00 GMT' } }, page, 'HIT').status, 200);
  });
});

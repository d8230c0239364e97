import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { imageLimits } from '../lib/images';
import { bodyLimitFor, limitBody, maxBodyBytes, type BodyLimit } from './body-limit';

type Result = { status: number; text: string };

/**
 * A request whose body is sent in chunks of 16 KB (chunked unless a length is declared). A client
 * still sending when it is refused must get to read the answer: a reset connection fails the test.
 */
function send(port: number, body: Buffer, headers: Record<string, string | number> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers, agent: false }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    for (let offset = 0; offset < body.length; offset += 16 * 1024) request.write(body.subarray(offset, offset + 16 * 1024));
    request.end();
  });
}

/**
 * A server with the body limit in front of an app that reads each body in full, answers with its
 * length and last 8 bytes, and notes its length in `received`.
 */
async function limitedServer(received: number[], limitOf: (request: http.IncomingMessage) => BodyLimit | undefined = () => undefined) {
  const server = http.createServer((request, response) => {
    limitBody(request, response, () => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push(body.length);
        response.end(`read ${body.length} ${body.subarray(-8).toString()}`);
      });
    }, { linger: 300, limit: limitOf(request) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('the body limit', () => {
  let server: http.Server;
  let port: number;
  /** What the app behind the limit received: the length of each body it read in full. */
  const received: number[] = [];
  before(async () => {
    ({ server, port } = await limitedServer(received));
  });
  after(() => server.close());

  test('a declared length over 64 KB is refused with 413 and the explanation, and the app never runs', async () => {
    received.length = 0;
    for (const size of [maxBodyBytes + 1, 1_100_000, 8_000_000]) {
      const body = Buffer.alloc(size, 'a');
      const result = await send(port, body, { 'content-length': String(body.length) });
      assert.equal(result.status, 413, `${size} bytes`);
      assert.match(result.text, /Too long to send/);
      assert.match(result.text, /more than any comment can be \(5,000 characters\)/);
    }
    assert.deepEqual(received, []);
  });

  test('a refused client that stops sending is cut off after the linger time', async () => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n');
    socket.write(Buffer.alloc(100_000, 'e'));
    const sent = Date.now();
    const at = await closed;
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.ok(at - sent >= 250 && at - sent < 5_000, `closed after ${at - sent} ms`);
  });

  test('a declared length within the limit passes untouched', async () => {
    received.length = 0;
    const body = Buffer.alloc(maxBodyBytes, 'b');
    body.write('the-end!', body.length - 8);
    const result = await send(port, body, { 'content-length': String(body.length) });
    assert.deepEqual(result, { status: 200, text: `read ${maxBodyBytes} the-end!` });
  });

  test('a chunked body is counted as it streams: over 64 KB is refused with 413 and the app never runs', async () => {
    received.length = 0;
    for (const size of [maxBodyBytes + 1, 100 * 1024, 1_100_000]) {
      const result = await send(port, Buffer.alloc(size, 'c'));
      assert.equal(result.status, 413, `${size} bytes`);
      assert.match(result.text, /Too long to send/);
    }
    assert.deepEqual(received, []);
  });

  test('a chunked body within the limit reaches the app whole, in order', async () => {
    received.length = 0;
    const body = Buffer.alloc(maxBodyBytes, 'd');
    body.write('the-end!', body.length - 8);
    assert.deepEqual(await send(port, body), { status: 200, text: `read ${maxBodyBytes} the-end!` });
    assert.deepEqual(await send(port, Buffer.from('short')), { status: 200, text: 'read 5 short' });
    assert.deepEqual(received, [maxBodyBytes, 5]);
  });

  test('a request without a body passes at once', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(await response.text(), 'read 0 ');
  });
});

describe('a multipart form Next would read', () => {
  let server: http.Server;
  let port: number;
  const received: number[] = [];
  before(async () => {
    ({ server, port } = await limitedServer(received, (request) => bodyLimitFor(request.method, request.url, request.headers['content-type'])));
  });
  after(() => server.close());

  async function wellFormed(): Promise<{ body: Buffer; contentType: string }> {
    const form = new FormData();
    form.set('comment', 'Words that must arrive whole.');
    form.set('name', 'Ann');
    const request = new Request('http://x/', { method: 'POST', body: form });
    return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
  }

  test('a readable form reaches the app whole, with its length declared or chunked', async () => {
    received.length = 0;
    const { body, contentType } = await wellFormed();
    const expected = { status: 200, text: `read ${body.length} ${body.subarray(-8).toString()}` };
    assert.deepEqual(await send(port, body, { 'content-type': contentType, 'content-length': body.length }), expected);
    assert.deepEqual(await send(port, body, { 'content-type': contentType }), expected);
    assert.deepEqual(received, [body.length, body.length]);
  });

  test('a cut-off form, a form without its boundary, or garbage is answered 400 with a plain page, and the app never runs', async () => {
    received.length = 0;
    const { body, contentType } = await wellFormed();
    const cutOff = body.subarray(0, body.length - 20);
    const attempts: [Buffer, string][] = [
      [cutOff, contentType],
      [body, 'multipart/form-data'],
      [Buffer.from('garbage'), 'multipart/form-data; boundary=XYZ'],
      [Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nbroken'), 'Multipart/Form-Data; boundary=XYZ'],
    ];
    for (const [sent, type] of attempts) {
      const chunked: Record<string, string | number> = { 'content-type': type };
      for (const headers of [{ ...chunked, 'content-length': sent.length }, chunked]) {
        const result = await send(port, sent, headers);
        assert.equal(result.status, 400, JSON.stringify(headers));
        assert.match(result.text, /The form could not be read/);
        assert.match(result.text, /your text is still in the form/);
      }
    }
    assert.deepEqual(received, []);
  });

  test('other bodies are not read for a form: a URL-encoded post of declared length passes at once', async () => {
    received.length = 0;
    const body = Buffer.from('comment=%ZZ-not-even-valid');
    const result = await send(port, body, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length });
    assert.equal(result.status, 200);
    assert.deepEqual(received, [body.length]);
  });
});

test('64 KB everywhere; the image upload route, which judges its own size, is let through', () => {
  const everywhere = { declared: maxBodyBytes, streamed: maxBodyBytes, readableForm: false };
  assert.deepEqual(bodyLimitFor('POST', '/articles/a-slug'), everywhere);
  assert.deepEqual(bodyLimitFor('POST', '/admin/images'), everywhere);
  assert.deepEqual(bodyLimitFor('POST', '/api/images/'), everywhere);
  assert.deepEqual(bodyLimitFor('POST', '/api/imagesX'), everywhere);
  assert.deepEqual(bodyLimitFor('PUT', '/api/images'), everywhere);
  assert.deepEqual(bodyLimitFor(undefined, undefined), everywhere);
  for (const url of ['/api/images', '/api/images?from=editor']) {
    const upload = bodyLimitFor('POST', url);
    assert.equal(upload.declared, Number.POSITIVE_INFINITY);
    // A chunked upload is still counted: the edge never holds more than the largest image allows.
    assert.ok(upload.streamed > imageLimits.maxBytes && upload.streamed < 2 * imageLimits.maxBytes);
    assert.ok(!upload.readableForm, 'the image route reads its own form');
  }
  assert.equal(bodyLimitFor('POST', '/articles/a-slug', 'multipart/form-data; boundary=x').readableForm, true);
  assert.equal(bodyLimitFor('POST', '/articles/a-slug', 'application/x-www-form-urlencoded').readableForm, false);
});

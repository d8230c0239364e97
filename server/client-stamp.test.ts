import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  clientAddressHeader,
  clientAddressOf,
  stampClientAddress,
  stampEveryRequest,
  unstampedAddress,
  verifyClientStamp,
} from './client-stamp';

function headersOf(value: string | undefined) {
  return new Headers(value === undefined ? {} : { [clientAddressHeader]: value });
}

/** One GET from a chosen loopback address with chosen headers; the server answers with its stamp. */
function get(port: number, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, headers, localAddress }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk));
        response.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}

describe('client address stamp', () => {
  let server: http.Server;
  let port: number;
  before(async () => {
    server = http.createServer((request, response) => {
      const address = clientAddressOf(headersOf(String(request.headers[clientAddressHeader] ?? '')));
      response.end(`${address}|${request.headers['x-forwarded-for']}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  test('a stamp made in this process checks; a changed address or MAC does not', () => {
    const request = { socket: { remoteAddress: '::ffff:203.0.113.7' }, headers: {} } as unknown as http.IncomingMessage;
    assert.equal(stampClientAddress(request, []), '203.0.113.7');
    const stamp = String(request.headers[clientAddressHeader]);
    assert.equal(verifyClientStamp(stamp), '203.0.113.7');
    assert.equal(request.headers['x-forwarded-for'], '203.0.113.7');
    const mac = stamp.split(' ')[1]!;
    assert.equal(verifyClientStamp(`198.51.100.1 ${mac}`), null);
    const changedMac = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(verifyClientStamp(`203.0.113.7 ${changedMac}`), null);
    assert.equal(verifyClientStamp('203.0.113.7'), null);
    assert.equal(verifyClientStamp(''), null);
    assert.equal(verifyClientStamp(undefined), null);
  });

  test('the app counts a missing or forged stamp as "unstamped", never as the address it names', () => {
    assert.equal(clientAddressOf(headersOf(undefined)), unstampedAddress);
    assert.equal(clientAddressOf(headersOf('198.51.100.1')), unstampedAddress);
    assert.equal(clientAddressOf(headersOf(`198.51.100.1 ${'A'.repeat(43)}`)), unstampedAddress);
  });

  test('what a client sends in the header or in X-Forwarded-For is replaced by the connection\'s address', () => {
    const request = {
      socket: { remoteAddress: '127.0.0.1' },
      headers: { [clientAddressHeader]: '198.51.100.1', 'x-forwarded-for': '198.51.100.1' },
    } as unknown as http.IncomingMessage;
    stampClientAddress(request, []);
    assert.equal(verifyClientStamp(String(request.headers[clientAddressHeader])), '127.0.0.1');
    assert.equal(request.headers['x-forwarded-for'], '127.0.0.1');
  });

  test('a client\'s X-Forwarded-Host and X-Forwarded-Proto never reach the app, even through a trusted proxy', () => {
    const request = {
      socket: { remoteAddress: '127.0.0.1' },
      headers: { host: 'news.example', 'x-forwarded-host': 'forged.example', 'x-forwarded-proto': 'http' },
    } as unknown as http.IncomingMessage;
    stampClientAddress(request, [{ address: '127.0.0.1', prefixBits: null }]);
    assert.deepEqual(Object.keys(request.headers).sort(), ['host', 'x-forwarded-for', clientAddressHeader]);
  });

  test('behind a trusted proxy the address it forwarded is stamped', () => {
    const request = {
      socket: { remoteAddress: '127.0.0.1' },
      headers: { 'x-forwarded-for': '192.0.2.66, 198.51.100.1' },
    } as unknown as http.IncomingMessage;
    stampClientAddress(request, [{ address: '127.0.0.1', prefixBits: null }]);
    assert.equal(verifyClientStamp(String(request.headers[clientAddressHeader])), '198.51.100.1');
  });

  test('started without the serving edge, every request any HTTP server here receives is stamped first', async () => {
    assert.equal(await get(port, { [clientAddressHeader]: '198.51.100.1' }, '127.0.0.5'), `${unstampedAddress}|undefined`);
    stampEveryRequest([]);
    const forged = { [clientAddressHeader]: '198.51.100.1', 'x-forwarded-for': '198.51.100.1' };
    assert.equal(await get(port, forged, '127.0.0.5'), '127.0.0.5|127.0.0.5');
    assert.equal(await get(port, {}, '127.0.0.6'), '127.0.0.6|127.0.0.6');
  });
});

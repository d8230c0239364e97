import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { clientNetwork } from '../lib/ip-range';
import { capConnectionsPerClient, timeoutOptions, type ConnectionLimits } from './connection-limits';

// A real server on 127.0.0.1 with small limits: what a slow or greedy client gets.

const limits: ConnectionLimits = { perClient: 5, headersMs: 600, requestMs: 2_000, keepAliveMs: 1_000 };

async function listen(trusted: { address: string; prefixBits: number | null }[] = []): Promise<{ port: number; server: http.Server }> {
  const server = http.createServer(timeoutOptions(limits), (_request, response) => response.end('ok'));
  capConnectionsPerClient(server, limits, trusted);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as net.AddressInfo).port, server };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

const closed = (socket: net.Socket) => new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

function ask(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ port, host: '127.0.0.1', path: '/', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    }).on('error', reject);
  });
}

describe('connection limits', () => {
  test('a client holding its share of connections is refused one more; freeing one lets it in again', async () => {
    const { port } = await listen();
    const held = await Promise.all(Array.from({ length: limits.perClient }, () => connect(port)));
    const extra = await connect(port);
    await closed(extra);
    held[0]!.destroy();
    await closed(held[0]!);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await ask(port), 200);
    for (const socket of held) socket.destroy();
  });

  test('a trusted proxy carries many readers and is not capped', async () => {
    const { port } = await listen([{ address: '127.0.0.1', prefixBits: null }]);
    const held = await Promise.all(Array.from({ length: limits.perClient + 3 }, () => connect(port)));
    assert.equal(await ask(port), 200);
    for (const socket of held) socket.destroy();
  });

  test('headers sent a line at a time, slowly, are cut off; an ordinary request is answered meanwhile', async () => {
    const { port } = await listen();
    const slow = await connect(port);
    slow.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => slow.writable && slow.write(`X-Slow-${Date.now()}: 1\r\n`), 200);
    const started = Date.now();
    assert.equal(await ask(port), 200);
    await closed(slow);
    clearInterval(drip);
    const heldFor = Date.now() - started;
    assert.ok(heldFor < limits.headersMs + 2_000, `cut off after ${heldFor} ms`);
  });

  test('an IPv6 client is counted by its /64; IPv4 by its address', () => {
    assert.equal(clientNetwork('2001:db8:1:2:aaaa::1'), clientNetwork('2001:db8:1:2:ffff::9'));
    assert.notEqual(clientNetwork('2001:db8:1:2::1'), clientNetwork('2001:db8:1:3::1'));
    assert.equal(clientNetwork('::ffff:203.0.113.9'), '203.0.113.9');
    assert.notEqual(clientNetwork('203.0.113.9'), clientNetwork('203.0.113.10'));
  });
});

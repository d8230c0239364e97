import type http from 'node:http';
import { isTrustedProxy, plainAddress, type TrustedProxy } from '../lib/client-address';
import { clientNetwork } from '../lib/ip-range';

// What one client can hold of the server: a few dozen connections, each of which must send its
// headers within seconds and its whole request within half a minute. Without these, slow clients
// (a header line every few seconds) hold thousands of connections until the process runs out of
// file descriptors and ordinary readers are refused. Proxies in TRUSTED_PROXIES carry many readers
// and are not capped.

export type ConnectionLimits = {
  /** Open connections per client (an IPv4 address, an IPv6 /64). */
  perClient: number;
  /** Time to receive a request's headers. */
  headersMs: number;
  /** Time to receive a whole request, body included. */
  requestMs: number;
  /** Idle time before a kept-alive connection is closed. */
  keepAliveMs: number;
};

export const defaultConnectionLimits: ConnectionLimits = { perClient: 64, headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

/** Options for http.createServer: how often Node checks the header and request times. */
export function timeoutOptions(limits: ConnectionLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersMs,
    requestTimeout: limits.requestMs,
    keepAliveTimeout: limits.keepAliveMs,
    connectionsCheckingInterval: Math.min(1_000, limits.headersMs / 2),
  };
}

/** Closes at once a connection past the client's share; a trusted proxy's connections are not counted. */
export function capConnectionsPerClient(server: http.Server, limits: ConnectionLimits, trusted: TrustedProxy[]): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = plainAddress(socket.remoteAddress ?? '');
    if (isTrustedProxy(address, trusted)) return;
    const client = clientNetwork(address);
    const count = (open.get(client) ?? 0) + 1;
    if (count > limits.perClient) {
      socket.destroy();
      return;
    }
    open.set(client, count);
    socket.once('close', () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left > 0) open.set(client, left);
      else open.delete(client);
    });
  });
}

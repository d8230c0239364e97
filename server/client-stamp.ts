import crypto from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type http from 'node:http';
import { clientAddress, type TrustedProxy } from '../lib/client-address';

// The client address that bans, flood limits and the login throttle count, proven. Whoever serves
// the request writes the connection's address into one header with a MAC under a secret made at
// process start, which never leaves the process: the serving edge (server/main.ts), or, when the
// app was started with `next start` or `next dev`, the hook instrumentation.ts installs. The app
// believes the header only when its MAC checks, so a client cannot choose its address by sending
// the header itself. No server-only: server/main.ts imports it too, and the secret reaches the
// app's own copy of this module through globalThis.

export const clientAddressHeader = 'x-margin-client-address';

/** Recorded when a request reached the app unstamped: all such requests share one flood limit. */
export const unstampedAddress = 'unstamped';

type State = { secret: Buffer; stamper: 'edge' | 'every request' | null; warned: boolean };
const holder = globalThis as typeof globalThis & { marginClientStamp?: State };
const state = (holder.marginClientStamp ??= { secret: crypto.randomBytes(32), stamper: null, warned: false });

function mac(address: string): string {
  return crypto.createHmac('sha256', state.secret).update(address).digest('base64url');
}

/**
 * Replaces whatever the client sent in the header (and in X-Forwarded-For, which the app may read)
 * with the address the connection proves: the socket's, or a trusted proxy's X-Forwarded-For.
 * X-Forwarded-Host and X-Forwarded-Proto go too: SITE_URL names the site's host and scheme, and
 * Next and Auth.js would otherwise build addresses from them.
 */
export function stampClientAddress(request: http.IncomingMessage, trusted: TrustedProxy[]): string {
  const address = clientAddress(
    { remoteAddress: request.socket.remoteAddress, forwardedFor: request.headers['x-forwarded-for'] },
    trusted,
  );
  request.headers[clientAddressHeader] = `${address} ${mac(address)}`;
  request.headers['x-forwarded-for'] = address;
  delete request.headers['x-forwarded-host'];
  delete request.headers['x-forwarded-proto'];
  return address;
}

/** The stamped address, or null when the header is missing or its MAC does not check. */
export function verifyClientStamp(value: string | null | undefined): string | null {
  const space = value?.lastIndexOf(' ') ?? -1;
  if (!value || space <= 0) return null;
  const address = value.slice(0, space);
  const given = Buffer.from(value.slice(space + 1));
  const expected = Buffer.from(mac(address));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? address : null;
}

/** For the app: the request's proven address, or "unstamped" (said once in the log). */
export function clientAddressOf(headers: { get(name: string): string | null }): string {
  const address = verifyClientStamp(headers.get(clientAddressHeader));
  if (address !== null) return address;
  if (!state.warned) {
    state.warned = true;
    console.warn(
      `margin: a request reached the app without a valid client address stamp; such requests are counted as "${unstampedAddress}" (one shared flood limit, no address bans). Start the site with npm start.`,
    );
  }
  return unstampedAddress;
}

/** The serving edge stamps each request it hands to Next itself; called before Next loads. */
export function claimClientStamping(): void {
  state.stamper = 'edge';
}

/**
 * For `next start` and `next dev` (from instrumentation.ts): stamps every request this process's
 * HTTP servers receive, before any listener sees it, through Node's documented
 * `http.server.request.start` diagnostics channel. Does nothing when the serving edge stamps.
 */
export function stampEveryRequest(trusted: TrustedProxy[]): void {
  if (state.stamper !== null) return;
  state.stamper = 'every request';
  diagnostics.subscribe('http.server.request.start', (message) => {
    stampClientAddress((message as { request: http.IncomingMessage }).request, trusted);
  });
}

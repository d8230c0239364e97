import { ipInRange } from './ip-range';

// Which address a request comes from, for flood limits, bans and the queue. No server-only:
// server/main.ts stamps every request with it.

export type TrustedProxy = { address: string; prefixBits: number | null };

/** An IPv4 address as itself, not in its IPv6-mapped form (::ffff:203.0.113.9). */
export function plainAddress(address: string): string {
  return address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

/**
 * The connection's address, unless it is a trusted proxy: then the nearest address in
 * X-Forwarded-For that is not one of ours. Anyone can send that header, so nothing else counts.
 */
export function clientAddress(
  connection: { remoteAddress: string | undefined; forwardedFor: string | string[] | undefined },
  trusted: TrustedProxy[],
): string {
  const isTrusted = (address: string) => isTrustedProxy(address, trusted);
  let client = plainAddress(connection.remoteAddress ?? '');
  if (!isTrusted(client)) return client;
  const forwarded = [connection.forwardedFor ?? ''].flat().join(',').split(',').map(plainAddress).filter(Boolean);
  while (forwarded.length > 0 && isTrusted(client)) client = forwarded.pop()!;
  return client;
}

/** True when the address is one of the proxies in TRUSTED_PROXIES. */
export function isTrustedProxy(address: string, trusted: TrustedProxy[]): boolean {
  return trusted.some((proxy) => ipInRange(address, proxy.address, proxy.prefixBits));
}

import net from 'node:net';

// Address ranges for bans: 203.0.113.0/24 or 2001:db8::/32. No dependency.

function toBigInt(address: string): { value: bigint; bits: 32 | 128 } | null {
  const v4 = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (net.isIPv4(v4)) {
    return { value: v4.split('.').reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n), bits: 32 };
  }
  if (!net.isIPv6(address)) return null;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  if (tailParts.some((p) => p.includes('.')) || headParts.some((p) => p.includes('.'))) return null;
  const fill = address.includes('::') ? Array(8 - headParts.length - tailParts.length).fill('0') : [];
  const groups = [...headParts, ...fill, ...tailParts];
  if (groups.length !== 8) return null;
  return { value: groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n), bits: 128 };
}

export function isIpAddress(value: string): boolean {
  return toBigInt(value) !== null;
}

/** True when address lies in base/prefixBits (the whole address when prefixBits is null). */
export function ipInRange(address: string, base: string, prefixBits: number | null): boolean {
  const a = toBigInt(address);
  const b = toBigInt(base);
  if (!a || !b || a.bits !== b.bits) return false;
  const bits = prefixBits === null ? a.bits : Math.max(0, Math.min(a.bits, prefixBits));
  const shift = BigInt(a.bits - bits);
  return a.value >> shift === b.value >> shift;
}

/**
 * The network an address belongs to, as one client is counted: an IPv4 address alone, an IPv6
 * address by its /64 (one subscriber's block, where a client can take any address it likes).
 */
export function clientNetwork(address: string): string {
  const parsed = toBigInt(address);
  if (!parsed) return address;
  if (parsed.bits === 32) return address.replace(/^::ffff:/i, '');
  return `${(parsed.value >> 64n).toString(16)}::/64`;
}

/**
 * The network an address's floods are counted in: an IPv4 /24 or an IPv6 /64, blocks one client
 * can easily post from all of (a /64 is one subscriber's; rotating within it costs nothing).
 */
export function floodNetwork(address: string): string {
  const parsed = toBigInt(address);
  if (!parsed) return address;
  if (parsed.bits === 32) {
    const block = parsed.value >> 8n;
    return `${block >> 16n}.${(block >> 8n) & 255n}.${block & 255n}.0/24`;
  }
  return `${(parsed.value >> 64n).toString(16)}::/64`;
}

import 'server-only';
import crypto from 'node:crypto';
import { domainToUnicode } from 'node:url';
import type { FormTokenCheck } from './form-token';
import type { DiscussionSettings } from './settings';

// Rules a new comment meets before it is stored; each returns a reason a moderator can read.

/** Why this post looks like a bot's: the hidden field filled, too fast, or not from our form. */
export function botReason(input: {
  honeypot: unknown;
  token: FormTokenCheck;
  minSecondsBeforePost: number;
  now: number;
}): string | null {
  if (typeof input.honeypot === 'string' && input.honeypot !== '') return 'hidden field filled in (bot)';
  if (!input.token.ok) return input.token.reason === 'forged' ? 'forged form token (bot)' : 'no form token (bot)';
  const seconds = (input.now - input.token.issuedAt) / 1000;
  if (seconds < input.minSecondsBeforePost) return `posted ${seconds.toFixed(1)} s after the form was shown (bot)`;
  return null;
}

/** The same form sent twice (double click, second tab, retry) has the same key. */
export function idempotencyKeyOf(parts: { nonce: string; articleId: number; email: string; body: string }): string {
  return crypto
    .createHash('sha256')
    .update([parts.nonce, parts.articleId, parts.email, parts.body].join('\0'))
    .digest('base64url');
}

export type FloodCounts = { lastWindow: number; lastHour: number };

export type FloodLimits = Pick<DiscussionSettings, 'floodSeconds' | 'hourlyLimit' | 'networkHourlyLimit'>;

/**
 * Too many comments, counted per email and per address (one in the flood interval, `hourlyLimit`
 * an hour) and per network (`networkHourlyLimit` an hour, for a client rotating its addresses).
 */
export function isFlooding(counts: { email: FloodCounts; address: FloodCounts; networkLastHour: number }, settings: FloodLimits): boolean {
  return (
    [counts.email, counts.address].some(
      (count) => (settings.floodSeconds > 0 && count.lastWindow > 0) || count.lastHour >= settings.hourlyLimit,
    ) || counts.networkLastHour >= settings.networkHourlyLimit
  );
}

/**
 * The website as the word lists should read it: the URL parser stores "cаsino.example" (Cyrillic а)
 * as xn--csino-2ve.example and escapes non-ASCII paths, which would hide listed words.
 */
export function websiteForMatching(href: string | undefined): string {
  if (!href) return '';
  let decoded = href;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    // A stray % sign: match the stored form as it is.
  }
  try {
    return `${domainToUnicode(new URL(href).hostname)} ${decoded}`;
  } catch {
    return decoded;
  }
}

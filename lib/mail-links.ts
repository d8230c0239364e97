import 'server-only';
import crypto from 'node:crypto';
import { normalizeEmail } from './email';
import { keyedHash } from './secret';

// Links in emails: signed with the server secret, bound to one address (by its key, never the
// address itself) and one purpose, and expiring. Shape: purpose.addressKey.expiresAtMs.signature

export const mailLinkPurposes = ['confirm', 'manage'] as const;
export type MailLinkPurpose = (typeof mailLinkPurposes)[number];

/** How long each kind of link works. */
export const mailLinkLifetimeMs: Record<MailLinkPurpose, number> = {
  confirm: 48 * 3_600_000,
  // The manage link is also the List-Unsubscribe link: it must outlive the message in an inbox.
  manage: 180 * 24 * 3_600_000,
};

/** The address as the database knows it: an HMAC of the normalised email, which no dictionary reverses. */
export function emailKeyOf(email: string): string {
  return keyedHash('mail-address', normalizeEmail(email));
}

function sign(payload: string): string {
  return keyedHash('mail-link', payload);
}

export function signMailLink(purpose: MailLinkPurpose, addressKey: string, now = Date.now()): string {
  const payload = `${purpose}.${addressKey}.${now + mailLinkLifetimeMs[purpose]}`;
  return `${payload}.${sign(payload)}`;
}

export type MailLinkCheck = { ok: true; addressKey: string } | { ok: false; reason: 'forged' | 'expired' };

/** The address a link is for, when it is ours, for this purpose, and still valid. */
export function checkMailLink(token: unknown, purpose: MailLinkPurpose, now = Date.now()): MailLinkCheck {
  if (typeof token !== 'string' || token.length > 300) return { ok: false, reason: 'forged' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'forged' };
  const [givenPurpose, addressKey, expires, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(`${givenPurpose}.${addressKey}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (givenPurpose !== purpose || !/^[0-9a-f]{64}$/.test(addressKey)) return { ok: false, reason: 'forged' };
  const expiresAt = Number(expires);
  if (!Number.isSafeInteger(expiresAt)) return { ok: false, reason: 'forged' };
  if (now > expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, addressKey };
}

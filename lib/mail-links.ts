import 'server-only';
import crypto from 'node:crypto';
import { normalizeEmail } from './email';
import { keyedHash } from './secret';
import { linkIntents, type LinkIntent } from './held-mail';

// Links in emails: signed with the server secret, bound to one address (by its key, never the
// address itself) and one purpose, and expiring. Shape: purpose.addressKey.expiresAtMs.signature

export const mailLinkPurposes = ['confirm', 'manage', 'staff'] as const;
export type MailLinkPurpose = (typeof mailLinkPurposes)[number];

/** How long each kind of link works. */
export const mailLinkLifetimeMs: Record<MailLinkPurpose, number> = {
  confirm: 48 * 3_600_000,
  // The manage link is also the List-Unsubscribe link: it must outlive the message in an inbox.
  manage: 180 * 24 * 3_600_000,
  // A member of staff's List-Unsubscribe link: turns off their email about held comments.
  staff: 180 * 24 * 3_600_000,
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

// Moderation links (in the email about held comments): bound to one member of staff, one comment
// and one step, expiring after 72 hours, and used once (the data layer stores each used one).
// Shape: moderate.userId.commentId.intent.expiresAtMs.signature, signed under a key of their own.

export const moderationLinkLifetimeMs = 72 * 3_600_000;

export type ModerationLink = { userId: number; commentId: number; intent: LinkIntent };

function signModeration(payload: string): string {
  return keyedHash('moderation-link', payload);
}

export function signModerationLink(link: ModerationLink, now = Date.now()): string {
  const payload = `moderate.${link.userId}.${link.commentId}.${link.intent}.${now + moderationLinkLifetimeMs}`;
  return `${payload}.${signModeration(payload)}`;
}

export type ModerationLinkCheck = ({ ok: true; usedKey: string } & ModerationLink) | { ok: false; reason: 'forged' | 'expired' };

/** What a moderation link allows, when it is ours and still valid (whether it was used is the database's to say). */
export function checkModerationLink(token: unknown, now = Date.now()): ModerationLinkCheck {
  if (typeof token !== 'string' || token.length > 300) return { ok: false, reason: 'forged' };
  const parts = token.split('.');
  if (parts.length !== 6) return { ok: false, reason: 'forged' };
  const [purpose, userId, commentId, intent, expires, signature] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(signModeration(parts.slice(0, 5).join('.')));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (purpose !== 'moderate' || !(linkIntents as readonly string[]).includes(intent)) return { ok: false, reason: 'forged' };
  const ids = [Number(userId), Number(commentId)];
  const expiresAt = Number(expires);
  if (!ids.every((n) => Number.isSafeInteger(n) && n > 0) || !Number.isSafeInteger(expiresAt)) return { ok: false, reason: 'forged' };
  if (now > expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, userId: ids[0]!, commentId: ids[1]!, intent: intent as LinkIntent, usedKey: crypto.createHash('sha256').update(token).digest('hex') };
}

// Links that must find what an address wrote (the reader's data page): comments are stored by
// their address, not its key, so the link carries the address itself, sealed (AES-256-GCM under a
// key from the server secret) so that the URL never shows it, and signed like the others.
// Shape: purpose.sealedAddress.expiresAtMs.signature

export const addressLinkPurposes = ['data', 'staff-data'] as const;
export type AddressLinkPurpose = (typeof addressLinkPurposes)[number];

export const addressLinkLifetimeMs: Record<AddressLinkPurpose, number> = {
  /** The link emailed to a reader who asked for their comments. */
  data: 24 * 3_600_000,
  /** An admin's working link for a request by post or phone: no longer than a session. */
  'staff-data': 8 * 3_600_000,
};

function sealingKey(): Buffer {
  return Buffer.from(keyedHash('mail-address-seal', 'aes-256-gcm'), 'hex');
}

function seal(address: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', sealingKey(), iv);
  const sealed = Buffer.concat([cipher.update(address, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function unseal(text: string): string | null {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length < 29) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', sealingKey(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function signAddressLink(purpose: AddressLinkPurpose, email: string, now = Date.now()): string {
  const payload = `${purpose}.${seal(normalizeEmail(email))}.${now + addressLinkLifetimeMs[purpose]}`;
  return `${payload}.${sign(payload)}`;
}

export type AddressLinkCheck = { ok: true; email: string } | { ok: false; reason: 'forged' | 'expired' };

/** The (normalised) address a link is for, when it is ours, for this purpose, and still valid. */
export function checkAddressLink(token: unknown, purpose: AddressLinkPurpose, now = Date.now()): AddressLinkCheck {
  if (typeof token !== 'string' || token.length > 1000) return { ok: false, reason: 'forged' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'forged' };
  const [givenPurpose, sealed, expires, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(`${givenPurpose}.${sealed}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (givenPurpose !== purpose || !/^[A-Za-z0-9_-]+$/.test(sealed)) return { ok: false, reason: 'forged' };
  const expiresAt = Number(expires);
  if (!Number.isSafeInteger(expiresAt)) return { ok: false, reason: 'forged' };
  if (now > expiresAt) return { ok: false, reason: 'expired' };
  const email = unseal(sealed);
  return email ? { ok: true, email } : { ok: false, reason: 'forged' };
}

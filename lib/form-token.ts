import 'server-only';
import crypto from 'node:crypto';
import { keyedHash } from './secret';

// A signed note of when a reply form was shown: bots post at once, or not from our form at all.
// Shape: articleId.issuedAtMs.nonce.signature

const maxAgeMs = 24 * 60 * 60 * 1000;

function sign(payload: string): string {
  return keyedHash('form-token', payload).slice(0, 32);
}

export function issueFormToken(articleId: number, now = Date.now()): string {
  const payload = `${articleId}.${now}.${crypto.randomBytes(12).toString('base64url')}`;
  return `${payload}.${sign(payload)}`;
}

export type FormTokenCheck =
  | { ok: true; issuedAt: number; nonce: string }
  | { ok: false; reason: 'missing' | 'forged' | 'expired' };

export function checkFormToken(token: unknown, articleId: number, now = Date.now()): FormTokenCheck {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'forged' };
  const [id, issued, nonce, signature] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(`${id}.${issued}.${nonce}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (Number(id) !== articleId) return { ok: false, reason: 'forged' };
  const issuedAt = Number(issued);
  if (!Number.isFinite(issuedAt) || issuedAt > now + 60_000) return { ok: false, reason: 'forged' };
  if (now - issuedAt > maxAgeMs) return { ok: false, reason: 'expired' };
  return { ok: true, issuedAt, nonce };
}

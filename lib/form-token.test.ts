import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';

process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const { checkFormToken, issueFormToken } = await import('./form-token');

const now = 1_750_000_000_000;
const day = 24 * 60 * 60 * 1000;

function withPart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('form token', () => {
  test('a token we issued checks out for its article, with its time and nonce', () => {
    const token = issueFormToken(7, now);
    const check = checkFormToken(token, 7, now + 5000);
    assert.ok(check.ok);
    assert.equal(check.issuedAt, now);
    assert.match(check.nonce, /^[A-Za-z0-9_-]{16}$/);
  });

  test('every token has its own nonce', () => {
    const nonces = new Set(
      Array.from({ length: 50 }, () => {
        const check = checkFormToken(issueFormToken(7, now), 7, now);
        return check.ok ? check.nonce : '';
      }),
    );
    assert.equal(nonces.size, 50);
  });

  test('missing: absent, empty or not a string (a File from a multipart body)', () => {
    for (const value of [null, undefined, '', 42, new Blob(['x'])]) {
      assert.deepEqual(checkFormToken(value, 7, now), { ok: false, reason: 'missing' });
    }
  });

  test('forged: garbage, wrong shape, changed time, nonce or signature', () => {
    const token = issueFormToken(7, now);
    const forged = [
      'x',
      'a.b.c',
      `${token}.extra`,
      withPart(token, 1, String(now - 60_000)),
      withPart(token, 2, 'AAAAAAAAAAAAAAAA'),
      withPart(token, 3, '0'.repeat(32)),
      withPart(token, 3, ''),
      withPart(token, 3, `${token.split('.')[3]}0`),
      token.toUpperCase(),
    ];
    for (const value of forged) {
      assert.deepEqual(checkFormToken(value, 7, now), { ok: false, reason: 'forged' }, value);
    }
  });

  test('forged: a token for another article', () => {
    assert.deepEqual(checkFormToken(issueFormToken(8, now), 7, now), { ok: false, reason: 'forged' });
  });

  test('forged: signed with another secret', () => {
    const payload = `7.${now}.AAAAAAAAAAAAAAAA`;
    const signature = crypto
      .createHmac('sha256', 'another-secret-that-is-long-enough-0123456789')
      .update(`form-token\0${payload}`)
      .digest('hex')
      .slice(0, 32);
    assert.deepEqual(checkFormToken(`${payload}.${signature}`, 7, now), { ok: false, reason: 'forged' });
  });

  test('forged: issued in the future (more than a minute of clock skew)', () => {
    assert.ok(checkFormToken(issueFormToken(7, now + 59_000), 7, now).ok);
    assert.deepEqual(checkFormToken(issueFormToken(7, now + 61_000), 7, now), { ok: false, reason: 'forged' });
  });

  test('expired after a day, not before', () => {
    const token = issueFormToken(7, now);
    assert.ok(checkFormToken(token, 7, now + day).ok);
    assert.deepEqual(checkFormToken(token, 7, now + day + 1), { ok: false, reason: 'expired' });
  });
});

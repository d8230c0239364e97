import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const { checkMailLink, emailKeyOf, mailLinkLifetimeMs, signMailLink } = await import('./mail-links');

describe('links in emails', () => {
  const now = Date.UTC(2026, 11, 2, 12);
  const ann = emailKeyOf(' Ann@Example.com');

  test('an address is keyed by an HMAC of its normalised form, never the address', () => {
    assert.equal(ann, emailKeyOf('ann@example.com'));
    assert.match(ann, /^[0-9a-f]{64}$/);
    assert.notEqual(ann, emailKeyOf('bob@example.com'));
  });

  test('a link works for its purpose and address until it expires', () => {
    const token = signMailLink('confirm', ann, now);
    assert.deepEqual(checkMailLink(token, 'confirm', now + 1_000), { ok: true, addressKey: ann });
    assert.deepEqual(checkMailLink(token, 'confirm', now + mailLinkLifetimeMs.confirm + 1), { ok: false, reason: 'expired' });
    assert.deepEqual(checkMailLink(token, 'manage', now), { ok: false, reason: 'forged' });
  });

  test('changing the address, the purpose or the time breaks the signature', () => {
    const [purpose, key, expires, signature] = signMailLink('manage', ann, now).split('.') as [string, string, string, string];
    const bob = emailKeyOf('bob@example.com');
    assert.equal(checkMailLink([purpose, bob, expires, signature].join('.'), 'manage', now).ok, false);
    assert.equal(checkMailLink(['confirm', key, expires, signature].join('.'), 'confirm', now).ok, false);
    assert.equal(checkMailLink([purpose, key, String(Number(expires) + 1e9), signature].join('.'), 'manage', now).ok, false);
    for (const junk of [undefined, '', 'a.b.c', 'x'.repeat(400), `${purpose}.${key}.${expires}.${signature}.x`]) {
      assert.equal(checkMailLink(junk, 'manage', now).ok, false);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const {
  addressLinkLifetimeMs,
  checkAddressLink,
  checkMailLink,
  checkModerationLink,
  emailKeyOf,
  mailLinkLifetimeMs,
  moderationLinkLifetimeMs,
  signAddressLink,
  signMailLink,
  signModerationLink,
} = await import('./mail-links');

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

describe('moderation links', () => {
  const now = Date.UTC(2026, 11, 2, 12);
  const token = signModerationLink({ userId: 7, commentId: 42, intent: 'approve' }, now);

  test('bound to one moderator, one comment and one step, for 72 hours', () => {
    const check = checkModerationLink(token, now + 1_000);
    assert.ok(check.ok);
    assert.deepEqual({ userId: check.userId, commentId: check.commentId, intent: check.intent }, { userId: 7, commentId: 42, intent: 'approve' });
    assert.match(check.usedKey, /^[0-9a-f]{64}$/);
    assert.equal(moderationLinkLifetimeMs, 72 * 3_600_000);
    assert.equal(checkModerationLink(token, now + moderationLinkLifetimeMs).ok, true);
    assert.deepEqual(checkModerationLink(token, now + moderationLinkLifetimeMs + 1), { ok: false, reason: 'expired' });
  });

  test('another moderator, comment or step, a later expiry or another purpose breaks it', () => {
    const parts = token.split('.');
    for (const [index, value] of [[1, '8'], [2, '43'], [3, 'spam'], [4, String(now + 1e10)], [0, 'manage']] as const) {
      const changed = [...parts];
      changed[index] = value;
      assert.deepEqual(checkModerationLink(changed.join('.'), now), { ok: false, reason: 'forged' }, `part ${index}`);
    }
    assert.equal(checkMailLink(token, 'manage', now).ok, false);
    assert.equal(checkMailLink(token, 'staff', now).ok, false);
    assert.equal(checkModerationLink(signMailLink('confirm', emailKeyOf('a@example.com'), now), now).ok, false);
    const staff = signMailLink('staff', emailKeyOf('mod@paper.example'), now);
    assert.equal(checkMailLink(staff, 'staff', now).ok, true);
    assert.equal(checkMailLink(staff, 'manage', now).ok, false, 'a staff link never stops a reader’s mail');
    for (const junk of [undefined, '', 'moderate.1.2.approve.3', 'x'.repeat(400), `${token}.x`]) assert.equal(checkModerationLink(junk, now).ok, false);
  });
});

describe('links that carry the address (the reader-data page)', () => {
  const now = Date.UTC(2026, 11, 3, 9);

  test('the address is sealed: never in the link in clear; the link opens for its purpose until it expires (24 hours)', () => {
    const token = signAddressLink('data', ' Ann@Example.com', now);
    assert.doesNotMatch(token, /ann|example/i);
    assert.deepEqual(checkAddressLink(token, 'data', now + 1_000), { ok: true, email: 'ann@example.com' });
    assert.equal(addressLinkLifetimeMs.data, 24 * 3_600_000);
    assert.deepEqual(checkAddressLink(token, 'data', now + addressLinkLifetimeMs.data + 1), { ok: false, reason: 'expired' });
    assert.notEqual(signAddressLink('data', 'ann@example.com', now), signAddressLink('data', 'ann@example.com', now));
  });

  test('the wrong purpose, another address, or any change is refused', () => {
    const token = signAddressLink('data', 'ann@example.com', now);
    assert.deepEqual(checkAddressLink(token, 'staff-data', now), { ok: false, reason: 'forged' });
    assert.equal(checkMailLink(token, 'manage', now).ok, false);
    assert.equal(checkAddressLink(signMailLink('manage', emailKeyOf('ann@example.com'), now), 'data', now).ok, false);
    const [purpose, sealed, expires, signature] = token.split('.') as [string, string, string, string];
    const [, bobSealed] = signAddressLink('data', 'bob@example.com', now).split('.') as [string, string];
    assert.equal(checkAddressLink([purpose, bobSealed, expires, signature].join('.'), 'data', now).ok, false);
    assert.equal(checkAddressLink(['staff-data', sealed, expires, signature].join('.'), 'staff-data', now).ok, false);
    assert.equal(checkAddressLink([purpose, sealed, String(Number(expires) + 1e9), signature].join('.'), 'data', now).ok, false);
    for (const junk of [undefined, '', 'data.x.1.y', 'x'.repeat(1200), `${token}.x`]) assert.equal(checkAddressLink(junk, 'data', now).ok, false);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { botReason, idempotencyKeyOf, isFlooding, websiteForMatching } from './post-rules';
import { findListedWord } from './comment-policy';
import { CommentInput } from './schemas';
import type { FormTokenCheck } from './form-token';

const now = 1_750_000_000_000;
const issued = (secondsAgo: number): FormTokenCheck => ({ ok: true, issuedAt: now - secondsAgo * 1000, nonce: 'n' });

function reason(overrides: Partial<Parameters<typeof botReason>[0]> = {}) {
  return botReason({ honeypot: '', token: issued(10), minSecondsBeforePost: 3, now, ...overrides });
}

describe('botReason', () => {
  test('a person: empty honeypot, our token, more than the minimum time', () => {
    assert.equal(reason(), null);
    assert.equal(reason({ honeypot: null }), null, 'no honeypot field at all (an old page) is not a bot sign');
  });

  test('the honeypot filled in is a bot, whatever else is right', () => {
    assert.equal(reason({ honeypot: 'https://spam.example' }), 'hidden field filled in (bot)');
    assert.equal(reason({ honeypot: ' ' }), 'hidden field filled in (bot)');
  });

  test('a missing token and a forged one have their own reasons', () => {
    assert.equal(reason({ token: { ok: false, reason: 'missing' } }), 'no form token (bot)');
    assert.equal(reason({ token: { ok: false, reason: 'forged' } }), 'forged form token (bot)');
  });

  test('sooner than minSecondsBeforePost after the form was shown is a bot, with the time', () => {
    assert.equal(reason({ token: issued(0) }), 'posted 0.0 s after the form was shown (bot)');
    assert.equal(reason({ token: issued(2.9) }), 'posted 2.9 s after the form was shown (bot)');
    assert.equal(reason({ token: issued(3) }), null, 'exactly the minimum is allowed');
    assert.equal(reason({ token: issued(2), minSecondsBeforePost: 0 }), null, '0 switches the timer off');
    assert.match(reason({ token: issued(9), minSecondsBeforePost: 10 }) ?? '', /^posted 9\.0 s after/);
  });
});

describe('idempotencyKeyOf', () => {
  const base = { nonce: 'abc', articleId: 1, email: 'ann@example.com', body: 'Hello.' };

  test('the same form sent again has the same key', () => {
    assert.equal(idempotencyKeyOf(base), idempotencyKeyOf({ ...base }));
    assert.match(idempotencyKeyOf(base), /^[A-Za-z0-9_-]{43}$/);
  });

  test('each part changes the key', () => {
    const key = idempotencyKeyOf(base);
    for (const change of [{ nonce: 'abd' }, { articleId: 2 }, { email: 'bob@example.com' }, { body: 'Hello!' }]) {
      assert.notEqual(idempotencyKeyOf({ ...base, ...change }), key, JSON.stringify(change));
    }
  });

  test('parts cannot run into each other', () => {
    assert.notEqual(
      idempotencyKeyOf({ ...base, email: 'a@b.c', body: 'xy' }),
      idempotencyKeyOf({ ...base, email: 'a@b.cx', body: 'y' }),
    );
  });
});

describe('isFlooding', () => {
  const settings = { floodSeconds: 15, hourlyLimit: 10, networkHourlyLimit: 30 };
  const quiet = { lastWindow: 0, lastHour: 0 };
  const counts = (email = quiet, address = quiet, networkLastHour = 0) => ({ email, address, networkLastHour });

  test('nothing recent is fine', () => {
    assert.equal(isFlooding(counts(), settings), false);
  });

  test('one comment within floodSeconds, by email or by client, is too soon', () => {
    assert.equal(isFlooding(counts({ lastWindow: 1, lastHour: 1 }), settings), true);
    assert.equal(isFlooding(counts(quiet, { lastWindow: 1, lastHour: 1 }), settings), true);
  });

  test('the tenth comment of the hour is allowed, the eleventh is not', () => {
    assert.equal(isFlooding(counts({ lastWindow: 0, lastHour: 9 }), settings), false);
    assert.equal(isFlooding(counts({ lastWindow: 0, lastHour: 10 }), settings), true);
    assert.equal(isFlooding(counts(quiet, { lastWindow: 0, lastHour: 10 }), settings), true);
  });

  test('floodSeconds 0 switches the short window off, the hourly limit still holds', () => {
    const off = { ...settings, floodSeconds: 0 };
    assert.equal(isFlooding(counts({ lastWindow: 5, lastHour: 5 }), off), false);
    assert.equal(isFlooding(counts({ lastWindow: 0, lastHour: 10 }), off), true);
  });

  test('a network at its hourly limit floods, though each of its addresses and emails is quiet', () => {
    assert.equal(isFlooding(counts(quiet, quiet, 29), settings), false);
    assert.equal(isFlooding(counts(quiet, quiet, 30), settings), true);
  });
});

describe('websiteForMatching', () => {
  const stored = (website: string) => {
    const parsed = CommentInput.safeParse({ comment: 'x', name: 'x', email: 'x@example.com', website });
    assert.ok(parsed.success);
    return parsed.data.website;
  };

  test('a look-alike host is stored as punycode but read in Unicode', () => {
    const href = stored('c\u0430sino.example');
    assert.equal(href, 'https://xn--csino-4ve.example/');
    assert.equal(findListedWord(['casino'], [href ?? '']), null, 'the stored form hides the word');
    assert.equal(findListedWord(['casino'], [websiteForMatching(href)]), 'casino');
  });

  test('an escaped path is read decoded', () => {
    const href = stored('https://example.com/c\u0430sino');
    assert.equal(findListedWord(['casino'], [websiteForMatching(href)]), 'casino');
  });

  test('no website, or an undecodable one, is matched as it is', () => {
    assert.equal(websiteForMatching(undefined), '');
    assert.match(websiteForMatching('https://example.com/100%'), /100%/);
  });
});

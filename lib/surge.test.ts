import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideStatus } from './comment-policy';
import { defaultSettings } from './settings';
import {
  describeInterval,
  formatSurgeTime,
  isSurgeActive,
  noSurge,
  slowModeMessage,
  surgeEffect,
  surgeFloodLimits,
  surgeNotices,
  surgeVerdict,
  type SurgeRule,
} from './surge';

// The surge rule, with the clock passed in: active and ended by time alone, whatever ran.

const t0 = Date.parse('2026-12-03T14:00:00Z');
const minute = 60_000;
const hour = 60 * minute;

function surge(values: Partial<SurgeRule> & Pick<SurgeRule, 'kind'>): SurgeRule {
  return { articleId: 7, value: null, startsAt: t0, endsAt: t0 + 2 * hour, endHandled: false, ...values };
}

test('a surge is active from its start until (not at) its end', () => {
  const s = surge({ kind: 'hold' });
  assert.equal(isSurgeActive(s, t0 - 1), false);
  assert.equal(isSurgeActive(s, t0), true);
  assert.equal(isSurgeActive(s, t0 + 2 * hour - 1), true);
  assert.equal(isSurgeActive(s, t0 + 2 * hour), false, 'ends exactly at its time, with no timer');
});

test('hold: held until its end, on its article and not on another; a site surge holds every article', () => {
  const held = surgeEffect([surge({ kind: 'hold' })], 7, t0 + minute);
  assert.equal(held.holdUntil, t0 + 2 * hour);
  assert.deepEqual(surgeEffect([surge({ kind: 'hold' })], 8, t0 + minute), noSurge);
  assert.equal(surgeEffect([surge({ kind: 'hold', articleId: null })], 8, t0 + minute).holdUntil, t0 + 2 * hour);
  assert.deepEqual(surgeEffect([surge({ kind: 'hold' })], 7, t0 + 2 * hour), noSurge, 'the clock moved past the end');
});

test('hold turns what would be published into held; spam and held stay as they are', () => {
  const effect = surgeEffect([surge({ kind: 'hold' })], 7, t0);
  const settings = { ...defaultSettings, approvalPolicy: 'none' as const };
  const approved = decideStatus({ settings, fields: ['Ann', 'a@example.com', 'Hello'], body: 'Hello', authorHasApprovedComment: true });
  assert.equal(approved.status, 'approved');
  assert.deepEqual(surgeVerdict(approved, effect), { status: 'pending', heldReason: 'surge: every comment is held for review' });
  assert.deepEqual(surgeVerdict(approved, noSurge), approved);
  assert.deepEqual(surgeVerdict({ status: 'spam', heldReason: 'bot' }, effect), { status: 'spam', heldReason: 'bot' });
});

test('slow mode: the longest interval in force lengthens the flood limit, never shortens it', () => {
  const effect = surgeEffect([surge({ kind: 'slow', value: 120 }), surge({ kind: 'slow', value: 60, articleId: null, endsAt: t0 + 5 * hour })], 7, t0);
  assert.deepEqual(effect.slow, { seconds: 120, until: t0 + 2 * hour });
  assert.equal(surgeFloodLimits({ floodSeconds: 15, hourlyLimit: 10 }, effect).floodSeconds, 120);
  assert.equal(surgeFloodLimits({ floodSeconds: 300, hourlyLimit: 10 }, effect).floodSeconds, 300);
  assert.equal(surgeFloodLimits({ floodSeconds: 15, hourlyLimit: 10 }, surgeEffect([surge({ kind: 'slow', value: 120 })], 7, t0 + 3 * hour)).floodSeconds, 15);
});

test('close: announced before its time, closed from its time until a server applied it (the article flag then says so)', () => {
  const close = surge({ kind: 'close', endsAt: t0 + 10 * minute });
  assert.deepEqual(surgeEffect([close], 7, t0 + minute), { ...noSurge, closesAt: t0 + 10 * minute });
  assert.deepEqual(surgeEffect([close], 7, t0 + 10 * minute), { ...noSurge, closed: true });
  assert.deepEqual(surgeEffect([{ ...close, endHandled: true }], 7, t0 + 11 * minute), noSurge);
  // Ended early (End now): its end moved to that moment and handled: called off, comments stay open.
  assert.deepEqual(surgeEffect([{ ...close, endsAt: t0 + 2 * minute, endHandled: true }], 7, t0 + 3 * minute), noSurge);
});

test('the clock moved backwards: a surge that has not started yet does nothing', () => {
  assert.deepEqual(surgeEffect([surge({ kind: 'hold' }), surge({ kind: 'close' })], 7, t0 - hour), noSurge);
});

test('notices in the site time zone', () => {
  const effect = surgeEffect(
    [surge({ kind: 'hold' }), surge({ kind: 'slow', value: 120 }), surge({ kind: 'close', endsAt: t0 + 30 * minute })],
    7,
    t0,
  );
  assert.deepEqual(surgeNotices(effect, t0, 'Europe/London'), [
    'Comments close at 14:30.',
    'Every comment is held for review until 16:00.',
    'Slow mode: one comment per 2 minutes until 16:00.',
  ]);
  assert.deepEqual(surgeNotices(effect, t0, 'America/New_York'), [
    'Comments close at 09:30.',
    'Every comment is held for review until 11:00.',
    'Slow mode: one comment per 2 minutes until 11:00.',
  ]);
  assert.deepEqual(surgeNotices({ ...noSurge, closed: true }, t0, 'Europe/London'), []);
  assert.equal(formatSurgeTime(t0 + 24 * hour, t0, 'Europe/London'), '4 December, 14:00');
  assert.match(slowModeMessage(effect, t0, 'Europe/London'), /^Slow mode is on: one comment per 2 minutes until 16:00\./);
});

test('intervals in words', () => {
  assert.equal(describeInterval(45), '45 seconds');
  assert.equal(describeInterval(60), '1 minute');
  assert.equal(describeInterval(90), '1 minute 30 seconds');
  assert.equal(describeInterval(1), '1 second');
});

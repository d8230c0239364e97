import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorsOf } from './schemas';
import { SurgeInput, surgePlan } from './surge-schemas';

test('each kind asks for its own duration; the message is on the field', () => {
  const close = SurgeInput.safeParse({ kind: 'close', articleId: '3', minutes: '' });
  assert.equal(close.success, false);
  assert.deepEqual(fieldErrorsOf(close.error!), { minutes: ['Enter in how many minutes comments close.'] });
  const slow = SurgeInput.safeParse({ kind: 'slow', articleId: 'site', hours: '2', seconds: 'many' });
  assert.deepEqual(fieldErrorsOf(slow.error!), { seconds: ['Seconds between comments must be a number.'] });
  const hold = SurgeInput.safeParse({ kind: 'hold', articleId: '', hours: '0' });
  assert.deepEqual(fieldErrorsOf(hold.error!), { hours: ['Hours must be at least 1.'] });
  assert.equal(SurgeInput.safeParse({ kind: 'party', hours: '1' }).success, false);
});

test('a valid form becomes a plan: how long from now, slow mode’s interval, the scope', () => {
  assert.deepEqual(surgePlan(SurgeInput.parse({ kind: 'hold', articleId: '', hours: '2', minutes: '5' })), {
    kind: 'hold',
    articleId: null,
    durationMs: 2 * 3_600_000,
    value: null,
  });
  assert.deepEqual(surgePlan(SurgeInput.parse({ kind: 'close', articleId: '4', minutes: '30' })), { kind: 'close', articleId: 4, durationMs: 30 * 60_000, value: null });
  assert.deepEqual(surgePlan(SurgeInput.parse({ kind: 'slow', articleId: 'site', hours: '1', seconds: '120' })), {
    kind: 'slow',
    articleId: null,
    durationMs: 3_600_000,
    value: 120,
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageIdOf, retryDelayMs } from './outbox';

test('retries wait 30 s, doubling, never more than an hour', () => {
  assert.deepEqual([1, 2, 3, 4].map(retryDelayMs), [30_000, 60_000, 120_000, 240_000]);
  assert.equal(retryDelayMs(20), 3_600_000);
});

test('a message keeps one Message-ID, from its key', () => {
  assert.equal(messageIdOf('reply:12:to:3', 'news.example'), '<reply-12-to-3@news.example>');
});

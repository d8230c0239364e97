import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { emptyTables, openTemporaryDatabase } from '@/db/test-database';

// Stored discussion settings, checked as they are read.

await openTemporaryDatabase('settings');
const { getDb } = await import('@/db/index');
const { settings } = await import('@/db/schema');
const { getDiscussionSettings } = await import('@/db/queries/settings');
const { defaultSettings } = await import('@/lib/settings');


beforeEach(() => emptyTables('comments', 'bans', 'settings'));



describe('getDiscussionSettings', () => {
  test('the defaults are the issue\'s: 3 s, 15 s, 10 an hour, 2 links, every comment held', async () => {
    const current = await getDiscussionSettings();
    assert.deepEqual(current, defaultSettings);
    assert.equal(current.minSecondsBeforePost, 3);
    assert.equal(current.floodSeconds, 15);
    assert.equal(current.hourlyLimit, 10);
    assert.equal(current.holdLinkCount, 2);
    assert.deepEqual(current.moderationWords, []);
    assert.deepEqual(current.disallowedWords, []);
  });

  test('stored JSON values override the defaults; a value that is not JSON falls back', async () => {
    await getDb()
      .insert(settings)
      .values([
        { key: 'floodSeconds', value: '30' },
        { key: 'moderationWords', value: '["refund","press"]' },
        { key: 'hourlyLimit', value: 'not json' },
      ]);
    const current = await getDiscussionSettings();
    assert.equal(current.floodSeconds, 30);
    assert.deepEqual(current.moderationWords, ['refund', 'press']);
    assert.equal(current.hourlyLimit, 10);
  });

  test('a stored value of the wrong type or out of range falls back to the default; unknown keys are ignored', async () => {
    await getDb()
      .insert(settings)
      .values([
        { key: 'floodSeconds', value: '"fifteen"' },
        { key: 'hourlyLimit', value: '0' },
        { key: 'threadDepth', value: '2.5' },
        { key: 'approvalPolicy', value: '"sometimes"' },
        { key: 'moderationWords', value: '"refund"' },
        { key: 'closeAfterDays', value: 'null' },
        { key: 'commentsPerPage', value: '20' },
        { key: 'somethingElse', value: '1' },
      ]);
    const current = await getDiscussionSettings();
    assert.deepEqual(current, { ...defaultSettings, closeAfterDays: null, commentsPerPage: 20 });
    assert.ok(!('somethingElse' in current));
  });
});

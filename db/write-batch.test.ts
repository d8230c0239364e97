import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import { openTemporaryDatabase } from '@/db/test-database';

// The group commit: writes sent together share one transaction; a failing one is undone alone.

openTemporaryDatabase('write-batch');
const { getConnection } = await import('@/db/index');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { createComment } = await import('@/db/queries/comments');
const { inWriteBatch } = await import('@/db/write-batch');
type NewComment = import('@/db/queries/comments').NewComment;

let articleId = 0;

before(() => {
  const launch = getArticleBySlug('starmer-us-security-guarantee');
  assert.ok(launch);
  articleId = launch.id;
});

beforeEach(() => {
  const sqlite = getConnection().sqlite;
  sqlite.prepare('delete from comments').run();
  sqlite.prepare('delete from bans').run();
  sqlite.prepare('delete from settings').run();
});

function post(overrides: Partial<NewComment> = {}) {
  return createComment({
    articleId,
    parentId: null,
    authorName: 'Ann',
    authorEmail: 'ann@example.com',
    authorUrl: null,
    body: 'A comment.',
    status: 'pending',
    heldReason: 'every comment is held for review',
    readerToken: 'reader-a',
    ip: '203.0.113.7',
    userAgent: 'UnitTest/1.0',
    ...overrides,
  });
}


describe('group commit (inWriteBatch)', () => {
  const count = () => (getConnection().sqlite.prepare('select count(*) as n from comments').get() as { n: number }).n;

  test('writes sent together share one transaction and settle after it commits', async () => {
    let inTransaction: boolean[] = [];
    const writes = [1, 2, 3].map((i) =>
      inWriteBatch(() => {
        inTransaction.push(getConnection().sqlite.inTransaction);
        return post({ body: `Batched ${i}.` }).id;
      }),
    );
    assert.equal(count(), 0, 'nothing runs before the batch is flushed');
    const ids = await Promise.all(writes);
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(inTransaction, [true, true, true]);
    assert.equal(getConnection().sqlite.inTransaction, false, 'committed when the promises settle');
    assert.equal(count(), 3);
    inTransaction = [];
  });

  test('a write that throws is undone alone; the others in its batch are stored', async () => {
    post({ idempotencyKey: 'taken' });
    const results = await Promise.allSettled([
      inWriteBatch(() => post({ body: 'Before.' }).id),
      inWriteBatch(() => {
        post({ body: 'Half done.' });
        post({ idempotencyKey: 'taken' });
      }),
      inWriteBatch(() => post({ body: 'After.' }).id),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const bodies = (getConnection().sqlite.prepare('select body from comments order by id').all() as { body: string }[]).map((r) => r.body);
    assert.deepEqual(bodies, ['A comment.', 'Before.', 'After.'], 'the failed write left nothing behind');
  });
});


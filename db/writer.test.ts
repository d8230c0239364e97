import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { emptyTables, heldTestComment, openTemporaryDatabase, sqlRows, testDatabaseKind } from '@/db/test-database';

// The writer: every write in order on the writing connection. Writes sent together share one
// transaction (group commit); a failing one is undone alone; a write inside a write joins it; the
// reading connection sees a write only once it is committed. On PostgreSQL there is no group commit
// (each write is a transaction of its own): those tests are SQLite's alone; the rest hold on both.

await openTemporaryDatabase('writer');
const { getConnection, getDb, getWriterConnection } = await import('@/db/index');
const { comments } = await import('@/db/schema');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { createComment } = await import('@/db/queries/comments');
const { write } = await import('@/db/writer');
type NewComment = import('@/db/queries/comments').NewComment;

let articleId = 0;

before(async () => {
  const launch = await getArticleBySlug('starmer-us-security-guarantee');
  assert.ok(launch);
  articleId = launch.id;
});

beforeEach(() => emptyTables('comments', 'bans', 'settings'));

/** A comment stored through the data layer: inside a write, it joins that write. */
function post(overrides: Partial<NewComment> = {}) {
  return createComment(heldTestComment(articleId, overrides));
}

/** Comments the reading connection sees (committed ones only). */
const count = async () => (await sqlRows<{ n: number }>(sql`select count(*) as n from comments`))[0]!.n;
/** Comment bodies as the reading connection sees them, oldest first. */
const bodies = async () => (await sqlRows<{ body: string }>(sql`select body from comments order by id`)).map((r) => r.body);
/** SQLite's writing connection is in a transaction (SQLite only: PostgreSQL's writes each have a connection of the pool). */
const writerInTransaction = () => getWriterConnection().sqlite.inTransaction;
const onSqlite = testDatabaseKind === 'sqlite';
/** The same two, read at once on SQLite's reading connection: the group commit tests look between two turns of the event loop. */
const countNow = () => (getConnection().sqlite.prepare('select count(*) as n from comments').get() as { n: number }).n;
const bodiesNow = () => (getConnection().sqlite.prepare('select body from comments order by id').all() as { body: string }[]).map((r) => r.body);

describe('group commit (write)', { skip: onSqlite ? false : 'SQLite only: PostgreSQL has no group commit' }, () => {
  test('writes sent together share one transaction and settle after it commits', async () => {
    const inTransaction: boolean[] = [];
    const seenByWrite: number[] = [];
    const seenByReader: number[] = [];
    const events: string[] = [];
    const writes = [1, 2, 3].map((i) =>
      write(async (tx) => {
        inTransaction.push(writerInTransaction());
        // The earlier writes of the batch are visible to this one, yet not committed.
        seenByWrite.push((await tx.select({ id: comments.id }).from(comments)).length);
        seenByReader.push(countNow());
        const { id } = await post({ body: `Batched ${i}.` });
        events.push(`ran ${i}`);
        return id;
      }).then((id) => {
        events.push(`settled ${i}`);
        return id;
      }),
    );
    assert.equal(countNow(), 0, 'nothing runs before the batch is flushed');
    assert.deepEqual(inTransaction, [], 'nothing runs before the batch is flushed');
    const ids = await Promise.all(writes);
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(inTransaction, [true, true, true]);
    assert.deepEqual(seenByWrite, [0, 1, 2], 'one transaction: each write sees the ones before it');
    assert.deepEqual(seenByReader, [0, 0, 0], 'one transaction: none of it committed before the last write ran');
    assert.deepEqual(events, ['ran 1', 'ran 2', 'ran 3', 'settled 1', 'settled 2', 'settled 3'], 'every promise settles after the COMMIT');
    assert.equal(writerInTransaction(), false, 'committed when the promises settle');
    assert.equal(countNow(), 3);
  });

  test('a write that throws is undone alone and rejects alone; the others in its batch are stored', async () => {
    await post({ idempotencyKey: 'taken' });
    const results = await Promise.allSettled([
      write(async () => (await post({ body: 'Before.' })).id),
      write(async () => {
        await post({ body: 'Half done.' });
        await post({ idempotencyKey: 'taken' });
      }),
      write(async () => (await post({ body: 'After.' })).id),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const failed = results[1];
    assert.ok(failed?.status === 'rejected');
    assert.match(String(failed.reason), /UNIQUE/, 'it rejects with its own error');
    assert.deepEqual(bodiesNow(), ['A comment.', 'Before.', 'After.'], 'the failed write left nothing behind');
  });

  test('a write sent while a batch runs goes in the next transaction, once that batch is committed', async () => {
    let started!: () => void;
    let release!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = write(async () => {
      started();
      await gate;
      return (await post({ body: 'First.' })).id;
    });
    await running;
    let committedBefore = -1;
    const later = write(async () => {
      committedBefore = countNow();
      return (await post({ body: 'Later.' })).id;
    });
    release();
    const [firstId, laterId] = await Promise.all([first, later]);
    assert.notEqual(firstId, laterId);
    assert.equal(committedBefore, 1, 'the first batch was committed before the later write ran');
    assert.deepEqual(bodiesNow(), ['First.', 'Later.']);
    assert.equal(writerInTransaction(), false);
  });
});

describe('a write inside a write', () => {
  test('joins it: runs at once, on the same handle, in the same transaction', { timeout: 10_000 }, async () => {
    const order: string[] = [];
    const ids = await write(async (tx) => {
      order.push('outer starts');
      const inner = await write(async (innerTx) => {
        order.push('inner runs');
        assert.equal(innerTx, tx, 'the inner write gets the outer one’s handle');
        if (onSqlite) assert.equal(writerInTransaction(), true);
        return (await post({ body: 'Inner.' })).id;
      });
      order.push('outer goes on');
      assert.equal(await count(), 0, 'the inner write is not committed on its own');
      const outer = (await post({ body: 'Outer.' })).id;
      return [inner, outer];
    });
    assert.deepEqual(order, ['outer starts', 'inner runs', 'outer goes on']);
    assert.equal(new Set(ids).size, 2);
    assert.deepEqual(await bodies(), ['Inner.', 'Outer.']);
  });

  test('an error in the inner write, caught, undoes only the inner write', { timeout: 10_000 }, async () => {
    const id = await write(async () => {
      const kept = (await post({ body: 'Outer, kept.' })).id;
      await assert.rejects(
        write(async () => {
          await post({ body: 'Inner, undone.' });
          throw new Error('inner write failed');
        }),
        /inner write failed/,
      );
      await post({ body: 'Outer, after.' });
      return kept;
    });
    assert.ok(id > 0);
    assert.deepEqual(await bodies(), ['Outer, kept.', 'Outer, after.']);
  });

  test('an error in the inner write, not caught, undoes the whole outer write', { timeout: 10_000 }, async () => {
    await assert.rejects(
      write(async () => {
        await post({ body: 'Outer, undone.' });
        await write(async () => {
          await post({ body: 'Inner, undone.' });
          throw new Error('inner write failed');
        });
      }),
      /inner write failed/,
    );
    assert.deepEqual(await bodies(), []);
  });
});

describe('reading while a write runs', () => {
  test('the reading connection (getDb) does not see a write until it is committed', async () => {
    const readerSaw: number[] = [];
    const writerSaw: number[] = [];
    const stored = write(async (tx) => {
      await post({ body: 'Not yet committed.' });
      readerSaw.push((await getDb().select({ id: comments.id }).from(comments)).length);
      writerSaw.push((await tx.select({ id: comments.id }).from(comments)).length);
      // Still inside the transaction after giving the event loop a turn.
      await new Promise((resolve) => setTimeout(resolve, 5));
      readerSaw.push((await getDb().select({ id: comments.id }).from(comments)).length);
    });
    await stored;
    assert.deepEqual(writerSaw, [1], 'the write sees its own change');
    assert.deepEqual(readerSaw, [0, 0], 'the reading connection does not, while it is not committed');
    assert.equal((await getDb().select({ id: comments.id }).from(comments)).length, 1, 'committed, it is seen');
  });

  test('a write undone is never seen by the reading connection', async () => {
    await assert.rejects(
      write(async () => {
        await post({ body: 'Undone.' });
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal((await getDb().select({ id: comments.id }).from(comments)).length, 0);
  });
});

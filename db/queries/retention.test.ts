import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestArticle, addTestComment, emptyTables, openTemporaryDatabase, sqlRows } from '@/db/test-database';

// Retention: the clock is moved (the `now` each purge is given), not the calendar.

await openTemporaryDatabase('retention');
const { forgetClientDetails, purgeSpamAndTrash } = await import('@/db/queries/retention');

const day = 24 * 60 * 60_000;
const now = Date.parse('2026-12-02T12:00:00Z');
let articleId = 0;

before(async () => {
  articleId = await addTestArticle({ slug: 'retention' });
});
beforeEach(() => emptyTables('comments'));

function written(daysAgo: number, values: Partial<Parameters<typeof addTestComment>[0]> = {}) {
  const at = new Date(now - daysAgo * day);
  return addTestComment({ articleId, ip: '203.0.113.7', network: '203.0.113.0/24', userAgent: 'Reader/1.0', createdAt: at, updatedAt: at, ...values });
}

async function rows() {
  return sqlRows<{ id: number; ip: string | null; network: string | null; user_agent: string | null; status: string }>(
    sql`select id, ip, network, user_agent, status from comments order by id`,
  );
}

test('addresses and user agents are forgotten after N days; the comment and its words stay', async () => {
  const old = await written(91);
  const fresh = await written(89);
  assert.equal(await forgetClientDetails(90, now), 1);
  assert.deepEqual(
    (await rows()).map((row) => [row.id, row.ip, row.network, row.user_agent]),
    [
      [old, null, null, null],
      [fresh, '203.0.113.7', '203.0.113.0/24', 'Reader/1.0'],
    ],
  );
  assert.equal(await forgetClientDetails(90, now), 0, 'nothing twice');
  assert.equal(await forgetClientDetails(90, now + 2 * day), 1, 'the next one, two days on');
});

test('spam and trash are deleted N days after they were marked so; approved, pending and newer ones stay', async () => {
  const oldSpam = await written(100, { status: 'spam' });
  const oldTrash = await written(100, { status: 'trash' });
  await written(100, { status: 'approved' });
  await written(100, { status: 'pending' });
  // Written long ago, trashed yesterday: kept a while yet.
  await written(100, { status: 'trash', updatedAt: new Date(now - day) });
  assert.equal(await purgeSpamAndTrash(30, now), 2);
  const left = await rows();
  assert.deepEqual(left.map((row) => row.status).sort(), ['approved', 'pending', 'trash']);
  assert.ok(!left.some((row) => row.id === oldSpam || row.id === oldTrash));
  assert.equal(await purgeSpamAndTrash(30, now + 30 * day), 1);
});

test('a purged comment’s replies stay, as after Delete permanently', async () => {
  const parent = await written(40, { status: 'trash' });
  const reply = await written(40, { status: 'approved', parentId: parent });
  assert.equal(await purgeSpamAndTrash(30, now), 1);
  assert.deepEqual((await rows()).map((row) => row.id), [reply]);
});

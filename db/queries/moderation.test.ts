import assert from 'node:assert/strict';
import { afterEach, before, describe, test } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { errorMatching, openTemporaryDatabase, refuseWrites, sqlRows } from '@/db/test-database';

// The data layer's moderation steps: they follow lib/moderation.ts for every status and step, and
// each one that writes more than once writes all or nothing.

await openTemporaryDatabase('moderation');

const { getDb } = await import('@/db/index');
const { comments, reports, users } = await import('@/db/schema');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { createStaffReply, deleteCommentPermanently, dismissReports, editComment, setCommentStatus } = await import(
  '@/db/queries/moderation'
);
const { commentStatuses } = await import('@/lib/comments');
const { bulkIntentsFor, isStatusIntent, moderationIntents, outcomeOf, queueTabs, statusOfTab } = await import('@/lib/moderation');
type CommentStatus = import('@/lib/comments').CommentStatus;
type ModerationIntent = import('@/lib/moderation').ModerationIntent;
type Staff = import('@/lib/accounts').Staff;

let articleId = 0;
let staff: Staff;

before(async () => {
  const article = await getArticleBySlug('starmer-us-security-guarantee');
  assert.ok(article);
  articleId = article.id;
  const [user] = await getDb()
    .insert(users)
    .values({ email: 'mod@example.com', name: 'Mo Derator', passwordHash: 'x', role: 'moderator' })
    .returning({ id: users.id });
  const id = user!.id;
  staff = { id, email: 'mod@example.com', name: 'Mo Derator', role: 'moderator' };
});

type Row = { status: CommentStatus; flagged: number; body: string; author_name: string; report_count: number };

async function seed(status: CommentStatus, flagged = false): Promise<number> {
  const [row] = await getDb()
    .insert(comments)
    .values({
      articleId,
      authorName: 'Reader',
      authorEmail: 'reader@example.com',
      avatarKey: 'k',
      body: 'Original text',
      status,
      flagged,
      reportCount: flagged ? 1 : 0,
    })
    .returning({ id: comments.id });
  const id = row!.id;
  await getDb().insert(reports).values({ commentId: id, clientKey: `ip:192.0.2.${id % 250}`, reason: 'spam', createdAt: new Date() });
  return id;
}

async function rowOf(id: number): Promise<Row | undefined> {
  const [row] = await sqlRows<Row>(
    sql`select status, case when flagged then 1 else 0 end as flagged, body, author_name, report_count from comments where id = ${id}`,
  );
  return row;
}

/** The one value of a count(*) query (PostgreSQL's comes as text). */
const count = async (query: SQL) => Number(Object.values((await sqlRows<Record<string, unknown>>(query))[0]!)[0]);
const logLines = (id: number) => count(sql`select count(*) from moderation_log where comment_id = ${id}`);
const openReports = (id: number) => count(sql`select count(*) from reports where comment_id = ${id} and dismissed_at is null`);

function run(intent: ModerationIntent, id: number, seen: CommentStatus) {
  if (intent === 'dismiss') return dismissReports(staff, id);
  if (intent === 'delete') return deleteCommentPermanently(staff, id);
  assert.ok(isStatusIntent(intent));
  return setCommentStatus(staff, [id], seen, intent);
}

describe('every status × every step, as lib/moderation.ts says', () => {
  for (const status of commentStatuses) {
    for (const flagged of [false, true]) {
      for (const intent of moderationIntents) {
        const want = outcomeOf({ status, flagged }, intent);
        test(`${status}${flagged ? ' (flagged)' : ''} × ${intent} → ${want ?? 'refused'}`, async () => {
          const id = await seed(status, flagged);
          const result = await run(intent, id, status);
          const row = await rowOf(id);
          if (want === null) {
            assert.equal(result.ok, false);
            assert.deepEqual(row, { status, flagged: flagged ? 1 : 0, body: 'Original text', author_name: 'Reader', report_count: flagged ? 1 : 0 });
            assert.equal(await logLines(id), 0);
          } else if (want === 'deleted') {
            assert.equal(result.ok, true);
            assert.equal(row, undefined);
          } else {
            assert.equal(result.ok, true);
            assert.equal(row?.status, want);
            assert.equal(row?.flagged, 0, 'a decision settles the reports');
            assert.equal(await logLines(id), 1);
          }
        });
      }
    }
  }

  test('a stale status is refused as already handled', async () => {
    const id = await seed('trash');
    assert.deepEqual(await setCommentStatus(staff, [id], 'pending', 'approve'), { ok: false, reason: 'already-handled' });
    assert.equal((await rowOf(id))?.status, 'trash');
  });
});

describe('the bulk bar offers only what succeeds', () => {
  for (const tab of queueTabs) {
    for (const intent of bulkIntentsFor(tab)) {
      test(`${tab}: ${intent} selected`, async () => {
        const reported = tab === 'reported';
        const ids = [await seed(statusOfTab(tab), reported), await seed(statusOfTab(tab), reported)];
        const result = await setCommentStatus(staff, ids, statusOfTab(tab), intent);
        assert.equal(result.ok, true);
        for (const id of ids) assert.equal((await rowOf(id))?.status, outcomeOf({ status: statusOfTab(tab), flagged: reported }, intent));
      });
    }
  }
});

describe('a step that writes more than once writes all or nothing', () => {
  let allowWrites: (() => Promise<void>) | undefined;
  const failOn = async (table: string, event: 'INSERT' | 'UPDATE') => {
    allowWrites = await refuseWrites(table, event);
  };
  afterEach(async () => {
    await allowWrites?.();
    allowWrites = undefined;
  });
  const refused = errorMatching(/test: write refused/);

  test('setCommentStatus: the status change is undone when its log line fails', async () => {
    const id = await seed('approved', true);
    await failOn('moderation_log', 'INSERT');
    await assert.rejects(setCommentStatus(staff, [id], 'approved', 'spam'), refused);
    assert.deepEqual(await rowOf(id), { status: 'approved', flagged: 1, body: 'Original text', author_name: 'Reader', report_count: 1 });
    assert.equal(await openReports(id), 1);
  });

  test('setCommentStatus: the status change and log are undone when settling the reports fails', async () => {
    const id = await seed('approved', true);
    await failOn('reports', 'UPDATE');
    await assert.rejects(setCommentStatus(staff, [id], 'approved', 'trash'), refused);
    assert.equal((await rowOf(id))?.status, 'approved');
    assert.equal((await rowOf(id))?.flagged, 1);
    assert.equal(await logLines(id), 0);
  });

  test('dismissReports: the comment stays hidden when its log line fails', async () => {
    const id = await seed('approved', true);
    await failOn('moderation_log', 'INSERT');
    await assert.rejects(dismissReports(staff, id), refused);
    assert.equal((await rowOf(id))?.flagged, 1);
    assert.equal((await rowOf(id))?.report_count, 1);
    assert.equal(await openReports(id), 1);
  });

  test('dismissReports: the comment stays hidden when dismissing the reports fails', async () => {
    const id = await seed('approved', true);
    await failOn('reports', 'UPDATE');
    await assert.rejects(dismissReports(staff, id), refused);
    assert.equal((await rowOf(id))?.flagged, 1);
    assert.equal(await logLines(id), 0);
  });

  test('editComment: the text is unchanged when its log line fails', async () => {
    const id = await seed('approved');
    await failOn('moderation_log', 'INSERT');
    await assert.rejects(editComment(staff, id, { body: 'Defaced', authorName: 'Someone else', authorUrl: null }), refused);
    assert.equal((await rowOf(id))?.body, 'Original text');
    assert.equal((await rowOf(id))?.author_name, 'Reader');
  });

  test('createStaffReply: no reply is published when its log line fails', async () => {
    const parent = await seed('approved');
    const before = await count(sql`select count(*) from comments`);
    await failOn('moderation_log', 'INSERT');
    await assert.rejects(createStaffReply(staff, parent, 'A staff reply'), refused);
    assert.equal(await count(sql`select count(*) from comments`), before);
    assert.equal(await count(sql`select count(*) from comments where parent_id = ${parent}`), 0);
  });

  test('with nothing failing, each writes all of it', async () => {
    const a = await seed('approved', true);
    assert.equal((await dismissReports(staff, a)).ok, true);
    assert.deepEqual([(await rowOf(a))?.flagged, await openReports(a), await logLines(a)], [0, 0, 1]);
    const b = await seed('approved', true);
    assert.equal((await setCommentStatus(staff, [b], 'approved', 'spam')).ok, true);
    assert.deepEqual([(await rowOf(b))?.status, await openReports(b), await logLines(b)], ['spam', 0, 1]);
    assert.equal((await editComment(staff, b, { body: 'Fixed', authorName: 'Reader', authorUrl: null })).ok, true);
    assert.deepEqual([(await rowOf(b))?.body, await logLines(b)], ['Fixed', 2]);
    assert.equal((await createStaffReply(staff, b, 'Thanks')).ok, true);
    assert.equal(await count(sql`select count(*) from comments where parent_id = ${b} and is_staff`), 1);
  });
});

test('Edit and Reply are refused in the trash, as the row offers them', async () => {
  const id = await seed('trash');
  assert.equal((await editComment(staff, id, { body: 'Edited', authorName: 'R', authorUrl: null })).ok, false);
  assert.equal((await createStaffReply(staff, id, 'Reply')).ok, false);
  assert.equal((await rowOf(id))?.body, 'Original text');
  assert.equal(await count(sql`select count(*) from comments where parent_id = ${id}`), 0);
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';

// The data layer's moderation steps: they follow lib/moderation.ts for every status and step, and
// each one that writes more than once writes all or nothing.

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-moderation-'));
process.env.DATABASE_URL = `file:${folder}/margin.db`;
process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';

const { getConnection, getWriterConnection } = await import('@/db/index');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { createStaffReply, deleteCommentPermanently, dismissReports, editComment, setCommentStatus } = await import(
  '@/db/queries/moderation'
);
const { commentStatuses } = await import('@/lib/comments');
const { bulkIntentsFor, isStatusIntent, moderationIntents, outcomeOf, queueTabs, statusOfTab } = await import('@/lib/moderation');
type CommentStatus = import('@/lib/comments').CommentStatus;
type ModerationIntent = import('@/lib/moderation').ModerationIntent;
type Staff = import('@/lib/accounts').Staff;

const sqlite = getConnection().sqlite;
let articleId = 0;
let staff: Staff;

before(async () => {
  const article = await getArticleBySlug('starmer-us-security-guarantee');
  assert.ok(article);
  articleId = article.id;
  const id = Number(
    sqlite
      .prepare("insert into users (email, name, password_hash, role) values ('mod@example.com', 'Mo Derator', 'x', 'moderator')")
      .run().lastInsertRowid,
  );
  staff = { id, email: 'mod@example.com', name: 'Mo Derator', role: 'moderator' };
});

after(() => {
  getWriterConnection().sqlite.close();
  sqlite.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

type Row = { status: CommentStatus; flagged: number; body: string; author_name: string; report_count: number };

function seed(status: CommentStatus, flagged = false): number {
  const id = Number(
    sqlite
      .prepare(
        `insert into comments (article_id, author_name, author_email, avatar_key, body, status, flagged, report_count)
         values (?, 'Reader', 'reader@example.com', 'k', 'Original text', ?, ?, ?)`,
      )
      .run(articleId, status, flagged ? 1 : 0, flagged ? 1 : 0).lastInsertRowid,
  );
  sqlite
    .prepare("insert into reports (comment_id, client_key, reason, created_at) values (?, ?, 'spam', ?)")
    .run(id, `ip:192.0.2.${id % 250}`, Date.now());
  return id;
}

function rowOf(id: number): Row | undefined {
  return sqlite.prepare('select status, flagged, body, author_name, report_count from comments where id = ?').get(id) as Row | undefined;
}

const count = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).pluck().get(...params) as number;
const logLines = (id: number) => count('select count(*) from moderation_log where comment_id = ?', id);
const openReports = (id: number) => count('select count(*) from reports where comment_id = ? and dismissed_at is null', id);

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
          const id = seed(status, flagged);
          const result = await run(intent, id, status);
          const row = rowOf(id);
          if (want === null) {
            assert.equal(result.ok, false);
            assert.deepEqual(row, { status, flagged: flagged ? 1 : 0, body: 'Original text', author_name: 'Reader', report_count: flagged ? 1 : 0 });
            assert.equal(logLines(id), 0);
          } else if (want === 'deleted') {
            assert.equal(result.ok, true);
            assert.equal(row, undefined);
          } else {
            assert.equal(result.ok, true);
            assert.equal(row?.status, want);
            assert.equal(row?.flagged, 0, 'a decision settles the reports');
            assert.equal(logLines(id), 1);
          }
        });
      }
    }
  }

  test('a stale status is refused as already handled', async () => {
    const id = seed('trash');
    assert.deepEqual(await setCommentStatus(staff, [id], 'pending', 'approve'), { ok: false, reason: 'already-handled' });
    assert.equal(rowOf(id)?.status, 'trash');
  });
});

describe('the bulk bar offers only what succeeds', () => {
  for (const tab of queueTabs) {
    for (const intent of bulkIntentsFor(tab)) {
      test(`${tab}: ${intent} selected`, async () => {
        const reported = tab === 'reported';
        const ids = [seed(statusOfTab(tab), reported), seed(statusOfTab(tab), reported)];
        const result = await setCommentStatus(staff, ids, statusOfTab(tab), intent);
        assert.equal(result.ok, true);
        for (const id of ids) assert.equal(rowOf(id)?.status, outcomeOf({ status: statusOfTab(tab), flagged: reported }, intent));
      });
    }
  }
});

describe('a step that writes more than once writes all or nothing', () => {
  // A temporary trigger belongs to one connection: the writing one, where every write runs.
  const writer = () => getWriterConnection().sqlite;
  const failOn = (table: string, event: 'INSERT' | 'UPDATE') =>
    writer().exec(`CREATE TEMP TRIGGER fail_write BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'test: write refused'); END`);
  afterEach(() => writer().exec('DROP TRIGGER IF EXISTS fail_write'));
  const refused = /test: write refused/;

  test('setCommentStatus: the status change is undone when its log line fails', async () => {
    const id = seed('approved', true);
    failOn('moderation_log', 'INSERT');
    await assert.rejects(setCommentStatus(staff, [id], 'approved', 'spam'), refused);
    assert.deepEqual(rowOf(id), { status: 'approved', flagged: 1, body: 'Original text', author_name: 'Reader', report_count: 1 });
    assert.equal(openReports(id), 1);
  });

  test('setCommentStatus: the status change and log are undone when settling the reports fails', async () => {
    const id = seed('approved', true);
    failOn('reports', 'UPDATE');
    await assert.rejects(setCommentStatus(staff, [id], 'approved', 'trash'), refused);
    assert.equal(rowOf(id)?.status, 'approved');
    assert.equal(rowOf(id)?.flagged, 1);
    assert.equal(logLines(id), 0);
  });

  test('dismissReports: the comment stays hidden when its log line fails', async () => {
    const id = seed('approved', true);
    failOn('moderation_log', 'INSERT');
    await assert.rejects(dismissReports(staff, id), refused);
    assert.equal(rowOf(id)?.flagged, 1);
    assert.equal(rowOf(id)?.report_count, 1);
    assert.equal(openReports(id), 1);
  });

  test('dismissReports: the comment stays hidden when dismissing the reports fails', async () => {
    const id = seed('approved', true);
    failOn('reports', 'UPDATE');
    await assert.rejects(dismissReports(staff, id), refused);
    assert.equal(rowOf(id)?.flagged, 1);
    assert.equal(logLines(id), 0);
  });

  test('editComment: the text is unchanged when its log line fails', async () => {
    const id = seed('approved');
    failOn('moderation_log', 'INSERT');
    await assert.rejects(editComment(staff, id, { body: 'Defaced', authorName: 'Someone else', authorUrl: null }), refused);
    assert.equal(rowOf(id)?.body, 'Original text');
    assert.equal(rowOf(id)?.author_name, 'Reader');
  });

  test('createStaffReply: no reply is published when its log line fails', async () => {
    const parent = seed('approved');
    const before = count('select count(*) from comments');
    failOn('moderation_log', 'INSERT');
    await assert.rejects(createStaffReply(staff, parent, 'A staff reply'), refused);
    assert.equal(count('select count(*) from comments'), before);
    assert.equal(count('select count(*) from comments where parent_id = ?', parent), 0);
  });

  test('with nothing failing, each writes all of it', async () => {
    const a = seed('approved', true);
    assert.equal((await dismissReports(staff, a)).ok, true);
    assert.deepEqual([rowOf(a)?.flagged, openReports(a), logLines(a)], [0, 0, 1]);
    const b = seed('approved', true);
    assert.equal((await setCommentStatus(staff, [b], 'approved', 'spam')).ok, true);
    assert.deepEqual([rowOf(b)?.status, openReports(b), logLines(b)], ['spam', 0, 1]);
    assert.equal((await editComment(staff, b, { body: 'Fixed', authorName: 'Reader', authorUrl: null })).ok, true);
    assert.deepEqual([rowOf(b)?.body, logLines(b)], ['Fixed', 2]);
    assert.equal((await createStaffReply(staff, b, 'Thanks')).ok, true);
    assert.equal(count('select count(*) from comments where parent_id = ? and is_staff = 1', b), 1);
  });
});

test('Edit and Reply are refused in the trash, as the row offers them', async () => {
  const id = seed('trash');
  assert.equal((await editComment(staff, id, { body: 'Edited', authorName: 'R', authorUrl: null })).ok, false);
  assert.equal((await createStaffReply(staff, id, 'Reply')).ok, false);
  assert.equal(rowOf(id)?.body, 'Original text');
  assert.equal(count('select count(*) from comments where parent_id = ?', id), 0);
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

// One definition of a public comment: a comment readers reported off the page leaves every list and
// count a reader sees, and comes back to all of them when a moderator dismisses the reports.

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-public-'));
process.env.DATABASE_URL = `file:${folder}/margin.db`;
process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';

const { getConnection, getWriterConnection } = await import('@/db/index');
const { listArticles } = await import('@/db/queries/articles');
const { countPublicThreads, findCommentPlace, getReplyTarget, listApprovedComments } = await import('@/db/queries/comments');
const { reportComment } = await import('@/db/queries/reports');
const { dismissReports } = await import('@/db/queries/moderation');
const { buildThread, countNodes } = await import('@/lib/thread');
type Staff = import('@/lib/accounts').Staff;

const sqlite = getConnection().sqlite;
const slug = 'public-comment-counts';
const settings = { threadDepth: 5, commentsPerPage: 50 };
let articleId = 0;
let staff: Staff;

before(() => {
  articleId = Number(
    sqlite
      .prepare("insert into articles (slug, headline, standfirst, body, published_at) values (?, 'H', 'S', '[]', ?)")
      .run(slug, Date.now()).lastInsertRowid,
  );
  const id = Number(
    sqlite
      .prepare("insert into users (email, name, password_hash, role) values ('mod@example.com', 'Mo', 'x', 'moderator')")
      .run().lastInsertRowid,
  );
  staff = { id, email: 'mod@example.com', name: 'Mo', role: 'moderator' };
});

after(() => {
  getWriterConnection().sqlite.close();
  sqlite.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function add(status: string, parentId: number | null = null): number {
  return Number(
    sqlite
      .prepare(
        `insert into comments (article_id, parent_id, author_name, author_email, avatar_key, body, status)
         values (?, ?, 'Reader', 'reader@example.com', 'k', 'Text', ?)`,
      )
      .run(articleId, parentId, status).lastInsertRowid,
  );
}

/** Every count and list a reader sees, for the test article. */
async function whatReadersSee(reportedId: number) {
  const list = await listApprovedComments(articleId);
  return {
    frontPage: (await listArticles()).find((article) => article.slug === slug)?.commentCount,
    list: list.length,
    heading: countNodes(buildThread(list, settings.threadDepth)),
    threads: await countPublicThreads(slug),
    inList: list.some((comment) => comment.id === reportedId),
    permalink: (await findCommentPlace(reportedId, settings)) !== null,
    replyTarget: (await getReplyTarget(articleId, reportedId)) !== null,
  };
}

test('a reported comment leaves every count and list, and comes back when reports are dismissed', async () => {
  add('approved');
  const reported = add('approved');
  add('pending');
  add('spam');
  add('trash');
  const all = { frontPage: 2, list: 2, heading: 2, threads: 2, inList: true, permalink: true, replyTarget: true };
  assert.deepEqual(await whatReadersSee(reported), all);

  const outcome = await reportComment({ commentId: reported, articleSlug: slug, clientKey: 'ip:192.0.2.1', reason: 'spam', note: null, threshold: 1 });
  assert.deepEqual(outcome, { result: 'reported', hiddenNow: true });
  assert.deepEqual(await whatReadersSee(reported), {
    frontPage: 1,
    list: 1,
    heading: 1,
    threads: 1,
    inList: false,
    permalink: false,
    replyTarget: false,
  });
  // Hidden, it cannot be reported again either.
  assert.deepEqual(
    await reportComment({ commentId: reported, articleSlug: slug, clientKey: 'ip:192.0.2.2', reason: 'spam', note: null, threshold: 1 }),
    { result: 'unknown-comment' },
  );

  assert.equal((await dismissReports(staff, reported)).ok, true);
  assert.deepEqual(await whatReadersSee(reported), all);
});

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { addTestArticle, addTestComment, addTestUser, openTemporaryDatabase } from '@/db/test-database';
import type { CommentStatus } from '@/lib/comments';

// One definition of a public comment: a comment readers reported off the page leaves every list and
// count a reader sees, and comes back to all of them when a moderator dismisses the reports.

await openTemporaryDatabase('public-comment');

const { listArticles } = await import('@/db/queries/articles');
const { countPublicThreads, findCommentPlace, getReplyTarget, listApprovedComments } = await import('@/db/queries/comments');
const { reportComment } = await import('@/db/queries/reports');
const { dismissReports } = await import('@/db/queries/moderation');
const { buildThread, countNodes } = await import('@/lib/thread');
type Staff = import('@/lib/accounts').Staff;

const slug = 'public-comment-counts';
const settings = { threadDepth: 5, commentsPerPage: 50 };
let articleId = 0;
let staff: Staff;

before(async () => {
  articleId = await addTestArticle({ slug });
  const id = await addTestUser({ email: 'mod@example.com', name: 'Mo', role: 'moderator' });
  staff = { id, email: 'mod@example.com', name: 'Mo', role: 'moderator' };
});

function add(status: CommentStatus, parentId: number | null = null): Promise<number> {
  return addTestComment({ articleId, parentId, status });
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
  await add('approved');
  const reported = await add('approved');
  await add('pending');
  await add('spam');
  await add('trash');
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

// On PostgreSQL reports run side by side: each must count the others'. Several comments at once,
// so that the two reports of one meet on the server.
test('two readers reporting at once reach the threshold together: the comment is hidden', async () => {
  const reported = await Promise.all(Array.from({ length: 5 }, () => add('approved')));
  const outcomes = await Promise.all(
    reported.map((commentId) =>
      Promise.all(
        ['ip:192.0.2.3', 'ip:192.0.2.4'].map((clientKey) =>
          reportComment({ commentId, articleSlug: slug, clientKey, reason: 'spam', note: null, threshold: 2 }),
        ),
      ),
    ),
  );
  for (const [i, pair] of outcomes.entries()) {
    assert.deepEqual(pair.map((outcome) => outcome.result === 'reported' && outcome.hiddenNow).sort(), [false, true]);
    assert.equal((await whatReadersSee(reported[i]!)).inList, false);
  }
});

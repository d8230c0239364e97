import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { addTestArticle, addTestComment, addTestUser, openTemporaryDatabase } from '@/db/test-database';
import type { CommentStatus } from '@/lib/comments';

// One definition of a public comment: a comment readers reported off the page leaves every list and
// count a reader sees, and comes back to all of them when a moderator dismisses the reports.

await openTemporaryDatabase('public-comment');

const { listArticles } = await import('@/db/queries/articles');
const { countPublicThreads, findCommentPlace, getCommentPage, getReplyTarget, listApprovedComments, readerKeyOf } = await import('@/db/queries/comments');
const { reportComment } = await import('@/db/queries/reports');
const { dismissReports } = await import('@/db/queries/moderation');
type Staff = import('@/lib/accounts').Staff;

const slug = 'public-comment-counts';
const settings = { commentsPerPage: 50 };
let articleId = 0;
let staff: Staff;

before(async () => {
  articleId = await addTestArticle({ slug });
  const id = await addTestUser({ email: 'mod@example.com', name: 'Mo', role: 'moderator' });
  staff = { id, email: 'mod@example.com', name: 'Mo', role: 'moderator' };
  // On another article: this one's counts are the test's.
  const elsewhere = await addTestArticle({ slug: 'known-reader-elsewhere' });
  await addTestComment({ articleId: elsewhere, status: 'approved', readerKey: readerKeyOf(knownReader) });
});

/** A browser that has written an approved comment here: its reports weigh twice a stranger's. */
const knownReader = 'known-reader-token';

/** A stranger's spam report at a threshold of 1 ("reports before review": one known reader). */
function report(commentId: number, clientKey: string) {
  return { commentId, articleSlug: slug, clientKey, readerToken: null, reason: 'spam' as const, note: null, threshold: 1 };
}

function add(status: CommentStatus, parentId: number | null = null): Promise<number> {
  return addTestComment({ articleId, parentId, status });
}

/** Every count and list a reader sees, for the test article. */
async function whatReadersSee(reportedId: number) {
  const list = await listApprovedComments(articleId);
  const page = (await getCommentPage(articleId, { order: 'oldest', page: 1, perPage: settings.commentsPerPage }))!;
  return {
    frontPage: (await listArticles()).find((article) => article.slug === slug)?.commentCount,
    list: list.length,
    heading: page.total,
    threads: await countPublicThreads(slug),
    inList: list.some((comment) => comment.id === reportedId) && page.comments.some((comment) => comment.id === reportedId),
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

  const outcome = await reportComment({ ...report(reported, 'net:192.0.2.0/24'), readerToken: knownReader });
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
    await reportComment({ ...report(reported, 'net:192.0.3.0/24'), readerToken: knownReader }),
    { result: 'unknown-comment' },
  );

  assert.equal((await dismissReports(staff, reported)).ok, true);
  assert.deepEqual(await whatReadersSee(reported), all);
});

// On PostgreSQL reports run side by side: each must count the others'. Several comments at once,
// so that the two reports of one meet on the server.
test('at a threshold of 1, a known reader hides a comment alone; strangers, from two networks', async () => {
  const byKnown = await add('approved');
  assert.deepEqual(await reportComment({ ...report(byKnown, 'net:198.51.100.0/24'), readerToken: knownReader }), { result: 'reported', hiddenNow: true });
  const byStrangers = await add('approved');
  assert.deepEqual(await reportComment(report(byStrangers, 'net:198.51.100.0/24')), { result: 'reported', hiddenNow: false });
  assert.equal((await whatReadersSee(byStrangers)).inList, true, 'one stranger is not enough');
  assert.deepEqual(await reportComment({ ...report(byStrangers, 'net:198.51.100.0/24'), readerToken: 'new-browser' }), { result: 'already-reported' });
  assert.deepEqual(await reportComment({ ...report(byStrangers, 'net:203.0.113.0/24'), readerToken: 'browser-without-comments' }), { result: 'reported', hiddenNow: true });
});

test('two strangers reporting at once reach the threshold together: the comment is hidden', async () => {
  const reported = await Promise.all(Array.from({ length: 5 }, () => add('approved')));
  const outcomes = await Promise.all(
    reported.map((commentId) =>
      Promise.all(
        ['net:192.0.4.0/24', 'net:192.0.5.0/24'].map((clientKey) => reportComment(report(commentId, clientKey))),
      ),
    ),
  );
  for (const [i, pair] of outcomes.entries()) {
    assert.deepEqual(pair.map((outcome) => outcome.result === 'reported' && outcome.hiddenNow).sort(), [false, true]);
    assert.equal((await whatReadersSee(reported[i]!)).inList, false);
  }
});

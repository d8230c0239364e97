import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { addTestArticle, addTestComment, openTemporaryDatabase } from '@/db/test-database';
import type { CommentStatus, PublicComment } from '@/lib/comments';

// Comment pages read one page at a time (getCommentPage) and permalinks found without reading the
// discussion (findCommentPlace) show exactly what paging the whole discussion shows: checked here
// against that, built from every public comment with buildThread, in both orders.

await openTemporaryDatabase('comment-pages');

const { findCommentPlace, getCommentPage, listApprovedComments } = await import('@/db/queries/comments');
const { buildThread, pageCount } = await import('@/lib/thread');
type ThreadNode = import('@/lib/thread').ThreadNode;
type CommentOrder = import('@/lib/thread').CommentOrder;

let articleId = 0;
let emptyArticleId = 0;
const allIds: number[] = [];

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

before(async () => {
  articleId = await addTestArticle({ slug: 'a-long-discussion' });
  emptyArticleId = await addTestArticle({ slug: 'a-quiet-story' });
  const other = await addTestArticle({ slug: 'another-story' });
  const next = random(7);
  const start = Date.UTC(2026, 0, 1);
  const statuses: CommentStatus[] = ['approved', 'approved', 'approved', 'approved', 'approved', 'pending', 'spam', 'trash'];
  for (let i = 0; i < 90; i++) {
    const parentId = allIds.length > 0 && next() < 0.55 ? allIds[Math.floor(next() * allIds.length)]! : null;
    // Ties in time (every fifth shares the one before's), and now and then a reply dated before its
    // parent (an import can do that): the page drops it, as it drops replies to hidden comments.
    const step = i % 5 === 4 ? i - 1 : i;
    const createdAt = new Date(start + step * 60_000 - (parentId !== null && next() < 0.05 ? 86_400_000 : 0));
    const status = statuses[Math.floor(next() * statuses.length)]!;
    allIds.push(await addTestComment({ articleId, parentId, status, flagged: status === 'approved' && next() < 0.05, createdAt }));
  }
  await addTestComment({ articleId: other, status: 'approved' });
});

/** Paging the whole discussion: every thread, oldest first, its comments' ids in display order. */
async function wholeDiscussion(): Promise<{ roots: ThreadNode[]; total: number }> {
  const list = await listApprovedComments(articleId);
  return { roots: buildThread(list, 99), total: list.length };
}

function idsOf(node: ThreadNode): number[] {
  return [node.comment.id, ...node.replies.flatMap(idsOf)];
}

function expectedPage(roots: ThreadNode[], order: CommentOrder, page: number, perPage: number): ThreadNode[] {
  const inOrder = order === 'oldest' ? roots : [...roots].reverse();
  return inOrder.slice((page - 1) * perPage, page * perPage);
}

function shownThreads(comments: PublicComment[]): number[][] {
  return buildThread(comments, 99).map(idsOf);
}

describe('comment pages, one page at a time', () => {
  test('the seed has threads, replies, hidden comments and orphans', async () => {
    const { roots, total } = await wholeDiscussion();
    assert.ok(roots.length >= 20, `${roots.length} threads`);
    assert.ok(total > roots.length + 10, 'replies');
    const shown = roots.flatMap(idsOf).length;
    assert.ok(shown < total, 'some public replies answer a comment that is not shown');
  });

  for (const perPage of [1, 7, 50]) {
    for (const order of ['oldest', 'newest'] as const) {
      test(`${order} first, ${perPage} a page: every page shows what paging the whole discussion shows`, async () => {
        const { roots, total } = await wholeDiscussion();
        const pages = pageCount(roots.length, perPage);
        for (let page = 1; page <= pages; page++) {
          const found = await getCommentPage(articleId, { order, page, perPage });
          assert.ok(found, `page ${page} of ${pages}`);
          assert.equal(found.total, total, 'the heading counts every public comment, as the front page does');
          assert.equal(found.threads, roots.length);
          assert.deepEqual(shownThreads(found.comments), expectedPage(roots, order, page, perPage).map(idsOf), `page ${page}`);
          for (const comment of found.comments) {
            assert.equal(comment.pending, false);
            assert.ok(!('authorEmail' in comment) && !('email' in comment), 'public shape only');
          }
        }
        assert.equal(await getCommentPage(articleId, { order, page: pages + 1, perPage }), null, 'past the last page');
      });
    }
  }

  test('an article without comments has its first page, empty, and no second', async () => {
    for (const order of ['oldest', 'newest'] as const) {
      assert.deepEqual(await getCommentPage(emptyArticleId, { order, page: 1, perPage: 50 }), { comments: [], total: 0, threads: 0 });
      assert.equal(await getCommentPage(emptyArticleId, { order, page: 2, perPage: 50 }), null);
    }
  });
});

describe('permalinks', () => {
  for (const perPage of [1, 7, 50]) {
    test(`${perPage} a page: every comment shown is found on its page (oldest first), every other one nowhere`, async () => {
      const { roots } = await wholeDiscussion();
      const pageOf = new Map<number, number>();
      roots.forEach((root, index) => {
        for (const id of idsOf(root)) pageOf.set(id, Math.floor(index / perPage) + 1);
      });
      for (const id of allIds) {
        const place = await findCommentPlace(id, { commentsPerPage: perPage });
        const page = pageOf.get(id);
        assert.deepEqual(place, page === undefined ? null : { slug: 'a-long-discussion', page }, `comment ${id}`);
        if (place) {
          const shown = await getCommentPage(articleId, { order: 'oldest', page: place.page, perPage });
          assert.ok(shown?.comments.some((comment) => comment.id === id), `comment ${id} on page ${place.page}`);
        }
      }
      assert.equal(await findCommentPlace(987_654, { commentsPerPage: perPage }), null);
    });
  }
});

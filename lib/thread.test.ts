import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildThread, countNodes, pageCount, pageOffset, pageOfThread } from './thread';
import { type PublicComment } from './comments';

function comment(id: number, parentId: number | null = null): PublicComment {
  return {
    id,
    parentId,
    authorName: `Reader ${id}`,
    authorUrl: null,
    avatarKey: '0123456789abcdef',
    body: `Comment ${id}`,
    createdAt: new Date(1_700_000_000_000 + id).toISOString(),
    isStaff: false,
    pending: false,
  };
}

test('replies nest under their parents, oldest first', () => {
  const thread = buildThread([comment(1), comment(2, 1), comment(3), comment(4, 2)], 5);
  assert.deepEqual(
    thread.map((n) => n.comment.id),
    [1, 3],
  );
  assert.equal(thread[0]?.replies[0]?.comment.id, 2);
  assert.equal(thread[0]?.replies[0]?.replies[0]?.comment.id, 4);
  assert.equal(thread[0]?.replies[0]?.replies[0]?.depth, 3);
});

test('replies beyond the depth limit sit beside the deepest comment', () => {
  const thread = buildThread([comment(1), comment(2, 1), comment(3, 2), comment(4, 3)], 2);
  const level2 = thread[0]?.replies ?? [];
  assert.deepEqual(
    level2.map((n) => [n.comment.id, n.depth]),
    [
      [2, 2],
      [3, 2],
      [4, 2],
    ],
  );
});

test('a reply to a comment that is not shown is not shown either', () => {
  const thread = buildThread([comment(1), comment(3, 2), comment(4, 3)], 5);
  assert.equal(countNodes(thread), 1);
});

test('pages count whole threads; an empty discussion still has its first page', () => {
  assert.equal(pageCount(0, 50), 1);
  assert.equal(pageCount(50, 50), 1);
  assert.equal(pageCount(51, 50), 2);
  assert.equal(pageCount(201, 50), 5);
  assert.equal(pageOffset(1, 50), 0);
  assert.equal(pageOffset(3, 50), 100);
});

test("a thread's page in either order: oldest first counts from the oldest, newest first from the newest", () => {
  // 201 threads at 50 a page: the oldest is on page 1 oldest first and page 5 newest first.
  assert.equal(pageOfThread(0, 201, 50), 1);
  assert.equal(pageOfThread(0, 201, 50, 'newest'), 5);
  assert.equal(pageOfThread(200, 201, 50), 5);
  assert.equal(pageOfThread(200, 201, 50, 'newest'), 1);
  assert.equal(pageOfThread(49, 201, 50), 1);
  assert.equal(pageOfThread(50, 201, 50), 2);
  assert.equal(pageOfThread(151, 201, 50, 'newest'), 1);
  assert.equal(pageOfThread(150, 201, 50, 'newest'), 2);
  assert.equal(pageOfThread(100, 201, 50, 'newest'), 3);
});

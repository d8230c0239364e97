import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentPagePath, newestCommentsPath, parseArticlePath } from './paths';

test('comment pages: oldest first from the article itself, newest first from /comments/newest', () => {
  assert.equal(commentPagePath('a-story', 1), '/articles/a-story');
  assert.equal(commentPagePath('a-story', 2), '/articles/a-story/comments/2');
  assert.equal(commentPagePath('a-story', 1, 'newest'), '/articles/a-story/comments/newest');
  assert.equal(commentPagePath('a-story', 4, 'newest'), '/articles/a-story/comments/newest/4');
  assert.equal(newestCommentsPath('a-story'), commentPagePath('a-story', 1, 'newest'));
});

test('an address read back gives its slug, order and page; anything else is no article page', () => {
  for (const [order, page] of [
    ['oldest', 1],
    ['oldest', 7],
    ['newest', 1],
    ['newest', 7],
  ] as const) {
    const path = commentPagePath('a-story', page, order);
    assert.deepEqual(parseArticlePath(path), { slug: 'a-story', order, page: page === 1 ? null : page }, path);
  }
  assert.deepEqual(parseArticlePath('/articles/a-story/comments/1'), { slug: 'a-story', order: 'oldest', page: 1 });
  assert.deepEqual(parseArticlePath('/articles/a-story/'), { slug: 'a-story', order: 'oldest', page: null });
  for (const path of ['/articles/a-story/comments/oldest', '/articles/a-story/comments/newest/x', '/articles/A/comments/2', '/articles/a-story/respond']) {
    assert.equal(parseArticlePath(path), null, path);
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addTestArticle, addTestComment, openTemporaryDatabase } from '@/db/test-database';
import type { CommentStatus } from '@/lib/comments';

await openTemporaryDatabase('articles');
const { listArticles, getArticleBySlug } = await import('@/db/queries/articles');

function addArticle(slug: string, publishedAt: number): Promise<number> {
  return addTestArticle({ slug, publishedAt: new Date(publishedAt) });
}

async function addComments(articleId: number, status: CommentStatus, count: number) {
  for (let i = 0; i < count; i++) await addTestComment({ articleId, status });
}

describe('listArticles', () => {
  test('newest first, each with its own approved-comment count', async () => {
    const launch = await getArticleBySlug('starmer-us-security-guarantee');
    assert.ok(launch);
    const older = await addArticle('older', Date.parse('2024-01-01T00:00:00Z'));
    const newer = await addArticle('newer', Date.parse('2026-01-01T00:00:00Z'));
    await addComments(launch.id, 'approved', 3);
    await addComments(launch.id, 'pending', 2);
    await addComments(older, 'approved', 1);
    await addComments(older, 'spam', 4);
    await addComments(newer, 'trash', 1);

    const list = await listArticles();
    assert.deepEqual(
      list.map((a) => a.slug),
      ['newer', 'starmer-us-security-guarantee', 'older'],
    );
    assert.ok(list.every((a) => typeof a.commentCount === 'number'));
  });

  test(
    'commentCount counts the approved comments of that article',
    async () => {
      const counts = Object.fromEntries((await listArticles()).map((a) => [a.slug, a.commentCount]));
      assert.deepEqual(counts, { newer: 0, 'starmer-us-security-guarantee': 3, older: 1 });
    },
  );
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-articles-'));
process.env.DATABASE_URL = `file:${folder}/margin.db`;
process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';

const { getConnection } = await import('@/db/index');
const { listArticles, getArticleBySlug } = await import('@/db/queries/articles');

const sqlite = getConnection().sqlite;

after(() => {
  sqlite.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function addArticle(slug: string, publishedAt: number): number {
  return Number(
    sqlite
      .prepare("insert into articles (slug, headline, standfirst, body, published_at) values (?, 'H', 'S', '[]', ?)")
      .run(slug, publishedAt).lastInsertRowid,
  );
}

function addComments(articleId: number, status: string, count: number) {
  const insert = sqlite.prepare(
    "insert into comments (article_id, author_name, author_email, avatar_key, body, status) values (?, 'R', 'r@example.com', 'k', 'b', ?)",
  );
  for (let i = 0; i < count; i++) insert.run(articleId, status);
}

describe('listArticles', () => {
  test('newest first, each with its own approved-comment count', async () => {
    const launch = await getArticleBySlug('starmer-us-security-guarantee');
    assert.ok(launch);
    const older = addArticle('older', Date.parse('2024-01-01T00:00:00Z'));
    const newer = addArticle('newer', Date.parse('2026-01-01T00:00:00Z'));
    addComments(launch.id, 'approved', 3);
    addComments(launch.id, 'pending', 2);
    addComments(older, 'approved', 1);
    addComments(older, 'spam', 4);
    addComments(newer, 'trash', 1);

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

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestUser, emptyTables, openTemporaryDatabase, sqlRows } from '@/db/test-database';
import { readWxr } from '@/lib/wordpress/wxr';

// The round trip: the real WordPress export imported, exported, the site emptied, the export
// imported again: the same articles and comments, field by field.

await openTemporaryDatabase('wordpress-export');

const { importWordpress } = await import('./wordpress');
const { exportWordpress } = await import('./wordpress-export');

const fixture = path.join(import.meta.dirname, 'fixtures', 'wordpress-6.1-export.xml');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-wxr-export-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

await addTestUser({ email: 'zoe.harbour@newsroom.example', name: 'Zoë Harbour', role: 'editor' });

async function snapshot(slugs: string[]) {
  const articles = await sqlRows<Record<string, unknown>>(sql`select a.slug, a.headline, a.standfirst, a.body, a.body_text, a.status, a.published_at,
      a.first_published_at, a.comments_open, s.slug as section_slug, s.name as section, b.name as byline, b.user_id as byline_user
    from articles a left join sections s on s.id = a.section_id left join article_bylines b on b.article_id = a.id and b.position = 0
    where a.slug in ${slugs} order by a.slug`);
  const tags = await sqlRows<{ slug: string; tag: string }>(sql`select a.slug, t.name as tag from article_tags x join articles a on a.id = x.article_id join tags t on t.id = x.tag_id where a.slug in ${slugs}`);
  const comments = await sqlRows<Record<string, unknown>>(sql`select a.slug, c.author_name, c.author_email, c.author_url, c.ip, c.user_agent, c.body, c.status,
      c.created_at, c.avatar_key, p.author_name as parent_author, p.body as parent_body
    from comments c join articles a on a.id = c.article_id left join comments p on p.id = c.parent_id where a.slug in ${slugs}`);
  const key = (row: Record<string, unknown>) => JSON.stringify([row.slug, row.created_at, row.author_name, row.body]);
  return {
    articles: articles.map((row) => ({ ...row, tags: tags.filter((t) => t.slug === row.slug).map((t) => t.tag).sort() })),
    comments: comments.sort((a, b) => (key(a) < key(b) ? -1 : 1)),
  };
}

test('import the real export, export the site, import that into an emptied site: the same articles and comments, field by field', async () => {
  await importWordpress(fixture);
  const slugs = (await sqlRows<{ slug: string }>(sql`select a.slug from articles a join imported_items i on i.kind = 'post' and i.target_id = a.id`)).map((r) => r.slug);
  assert.equal(slugs.length, 5);
  const before = await snapshot(slugs);
  assert.equal(before.comments.length, 210);

  let text = '';
  for await (const piece of exportWordpress({ title: 'Margin', url: 'https://news.example/' })) text += piece;
  const file = path.join(folder, 'site.xml');
  fs.writeFileSync(file, text);
  const records = [];
  for await (const record of readWxr(fs.createReadStream(file))) records.push(record);
  assert.equal(records.filter((r) => r.kind === 'item').length, 6, 'the launch article and the five imported');
  assert.doesNotMatch(text, /<script/);

  await emptyTables('comments', 'article_tags', 'article_bylines', 'article_redirects', 'article_revisions', 'articles', 'sections', 'tags', 'imported_items', 'legacy_addresses');
  const report = await importWordpress(file);
  assert.equal(report.source, 'wordpress https://news.example');
  assert.deepEqual(report.comments.added, { approved: 208, pending: 1, spam: 0, trash: 1 });
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(await snapshot(slugs), before);
});

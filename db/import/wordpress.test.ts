import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestUser, openTemporaryDatabase, sqlRows } from '@/db/test-database';
import { generateWxr, type GeneratedPost } from '@/lib/wordpress/generate';
import { WxrError } from '@/lib/wordpress/wxr';

await openTemporaryDatabase('wordpress-import');

const { importWordpress, describeReport, ImportInputError } = await import('./wordpress');
const { findLegacyAddress, findWordpressComment, countImported } = await import('@/db/queries/imports');
const { listApprovedComments } = await import('@/db/queries/comments');

const fixture = path.join(import.meta.dirname, 'fixtures', 'wordpress-6.1-export.xml');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-wxr-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, text);
  return file;
}
const exportOf = (site: string, posts: GeneratedPost[]) => [...generateWxr(site, posts)].join('');

async function counts(): Promise<{ articles: number; comments: number; sections: number; addresses: number }> {
  const [row] = await sqlRows<{ articles: number; comments: number; sections: number; addresses: number }>(sql`select
    (select count(*) from articles) as articles, (select count(*) from comments) as comments,
    (select count(*) from sections) as sections, (select count(*) from legacy_addresses) as addresses`);
  return { articles: Number(row!.articles), comments: Number(row!.comments), sections: Number(row!.sections), addresses: Number(row!.addresses) };
}

type ArticleRow = { id: number; slug: string; status: string; published_at: number; section: string | null; comments_open: number; body: string; standfirst: string; byline: string; byline_user: number | null };
async function article(slug: string): Promise<ArticleRow> {
  const [row] = await sqlRows<ArticleRow>(sql`select a.id, a.slug, a.status, a.published_at, s.name as section, a.comments_open, a.body, a.standfirst,
      b.name as byline, b.user_id as byline_user
    from articles a left join sections s on s.id = a.section_id left join article_bylines b on b.article_id = a.id and b.position = 0
    where a.slug = ${slug}`);
  assert.ok(row, `an article ${slug}`);
  return row;
}

const zoe = await addTestUser({ email: 'zoe.harbour@newsroom.example', name: 'Zoë Harbour', role: 'editor' });

test('the real export: articles, sections, tags, authors, statuses, threaded comments with their statuses, old addresses', async () => {
  const before = await counts();
  const report = await importWordpress(fixture);
  assert.equal(report.source, 'wordpress http://127.0.0.1:8081');
  assert.deepEqual(report.articles, { created: 5, alreadyImported: 0, byState: { published: 3, draft: 1, scheduled: 1 } });
  assert.deepEqual(report.comments, { added: { approved: 208, pending: 1, spam: 0, trash: 1 }, alreadyImported: 0 });
  assert.deepEqual(report.authors, { matchedToAccounts: 2, keptAsNames: 3 });
  assert.deepEqual(
    report.skipped.map((s) => [s.where.line, s.reason]),
    [
      [3204, 'comment 210: pingback'],
      [3346, '"About us": a page (Margin has no static pages; pages are not imported)'],
    ],
  );
  assert.deepEqual(report.missingImages.map((m) => [m.where.line, m.alt]), [[3044, 'Blast furnace at Port Talbot at dusk']]);
  assert.ok(report.warnings.some((w) => w.where.line === 3044 && /<script> was dropped/.test(w.message)));
  assert.ok(report.warnings.some((w) => w.where.post === '7' && /no time zone/.test(w.message)), 'the draft has no _gmt date');
  const after = await counts();
  assert.equal(after.articles - before.articles, 5);
  assert.equal(after.comments - before.comments, 210);

  const steel = await article('steel-tariffs-loom-harbour');
  assert.equal(steel.status, 'published');
  assert.equal(Number(steel.published_at), Date.UTC(2025, 1, 26, 17, 30));
  assert.equal(steel.section, 'Business & Economy');
  assert.equal(steel.standfirst, 'Ministers hope for an exemption before March.');
  assert.equal(steel.byline, 'Zoë Harbour', 'matched to the account by email');
  assert.equal(steel.byline_user, zoe);
  assert.doesNotMatch(steel.body, /script|pwned/);
  assert.match(steel.body, /"type":"heading","text":"What is at stake"/);
  assert.match(steel.body, /"href":"https:\/\/example.org\/report"/);
  assert.match(steel.body, /The works at dusk/, 'the caption of the missing image is kept');
  const zelensky = await article('zelensky-guarantees-harbour');
  assert.equal(zelensky.section, 'Europe', 'a nested category is flattened');
  assert.equal(Number(zelensky.comments_open), 0);
  assert.equal((await article('week-ahead-harbour')).status, 'published');
  assert.equal(Number((await article('week-ahead-harbour')).published_at), Date.UTC(2026, 11, 31, 23, 47, 2), 'scheduled: published in the future');
  assert.equal((await article('defence-spending-explainer-harbour')).status, 'draft');
  const launch = await article('starmer-us-security-guarantee-ukraine');
  assert.equal(launch.byline, 'admin');
  const tagRows = await sqlRows<{ name: string }>(sql`select t.name from article_tags x join tags t on t.id = x.tag_id where x.article_id = ${launch.id}`);
  assert.deepEqual(tagRows.map((t) => t.name).sort(), ['Keir Starmer', 'US–UK relations', 'Ukraine', 'World'].sort(), 'tags, and the second category as a tag');

  // Threads: each reply under the Margin id of its WordPress parent.
  const pairs = await sqlRows<{ child: string; parent: string }>(sql`select c.source_id as child, p.source_id as parent
    from comments x
    join imported_items c on c.kind = 'comment' and c.target_id = x.id
    join imported_items p on p.kind = 'comment' and p.target_id = x.parent_id`);
  assert.equal(pairs.length, 102);
  const statuses = await sqlRows<{ status: string; n: number }>(sql`select status, count(*) as n from comments where article_id = ${steel.id} group by status order by status`);
  assert.deepEqual(statuses.map((r) => [r.status, Number(r.n)]), [['approved', 7], ['pending', 1], ['trash', 1]]);
  const [owain] = await sqlRows<{ author_email: string; ip: string; author_url: string; created_at: number }>(
    sql`select author_email, ip, author_url, created_at from comments where author_name = 'Owain ap Rhys Harbour'`,
  );
  assert.deepEqual({ ...owain, created_at: Number(owain!.created_at) }, {
    author_email: 'owain.harbour@cymru.example',
    ip: '203.0.113.168',
    author_url: 'https://owain.example/blog',
    created_at: Date.UTC(2025, 1, 26, 18, 1),
  });
  const html = await sqlRows<{ author_name: string }>(sql`select author_name from comments where author_name like '%<b>%'`);
  assert.deepEqual(html, [{ author_name: '<b>Bold</b> & "quoted"' }], 'HTML in a name is kept as text (React shows it as text)');
  const shown = await listApprovedComments(steel.id);
  assert.ok(shown.length === 7 && shown.every((c) => !('authorEmail' in c) && !JSON.stringify(c).includes('@cymru.example')), 'emails stay private');

  assert.equal(await findLegacyAddress('/?p=5'), '/articles/steel-tariffs-loom-harbour');
  assert.equal(await findLegacyAddress('/2025/02/26/steel-tariffs-loom-harbour/'), '/articles/steel-tariffs-loom-harbour');
  assert.equal(await findLegacyAddress('/steel-tariffs-loom-harbour/'), '/articles/steel-tariffs-loom-harbour');
  assert.equal(await findLegacyAddress('/category/world/europe/'), '/sections/europe');
  assert.equal(await findLegacyAddress('/category/world/'), '/tags/world');
  assert.equal(await findLegacyAddress('/tag/steel/'), '/tags/steel');
  assert.equal(await findLegacyAddress('/about/'), null, 'the page was skipped');
  assert.match(describeReport(report).join('\n'), /comments: 208 approved, 1 pending, 0 spam, 1 trash/);
});

test('running the same file again adds nothing; a newer export adds only what is new', async () => {
  const before = await counts();
  const again = await importWordpress(fixture);
  assert.deepEqual(again.articles, { created: 0, alreadyImported: 5, byState: {} });
  assert.deepEqual(again.comments, { added: { approved: 0, pending: 0, spam: 0, trash: 0 }, alreadyImported: 210 });
  assert.deepEqual(await counts(), before);

  const site = 'http://newer.example';
  const first: GeneratedPost[] = [{ id: 1, slug: 'newer-one', comments: [{ id: 1 }, { id: 2, parent: 1 }] }];
  await importWordpress(writeFile('newer-1.xml', exportOf(site, first)));
  const later: GeneratedPost[] = [
    { id: 1, slug: 'newer-one', comments: [{ id: 1 }, { id: 2, parent: 1 }, { id: 3, parent: 2, approved: '0' }] },
    { id: 2, slug: 'newer-two', comments: [{ id: 4, approved: 'spam' }] },
  ];
  const report = await importWordpress(writeFile('newer-2.xml', exportOf(site, later)));
  assert.deepEqual(report.articles, { created: 1, alreadyImported: 1, byState: { published: 1 } });
  assert.deepEqual(report.comments, { added: { approved: 0, pending: 1, spam: 1, trash: 0 }, alreadyImported: 2 });
  assert.deepEqual(await countImported(`wordpress ${site}`), { post: 2, comment: 4 });
  const [reply] = await sqlRows<{ parent_name: string }>(sql`select p.author_name as parent_name from comments c join comments p on p.id = c.parent_id where c.author_name = 'Reader 3'`);
  assert.equal(reply?.parent_name, 'Reader 2', 'a new reply finds its parent from the earlier run');
});

test('an old #comment-N: the Margin comment a WordPress comment number became, on its article, told apart from another site\'s same number', async () => {
  const marginIdOf = async (source: string, number: string) =>
    Number((await sqlRows<{ id: number }>(sql`select target_id as id from imported_items where source = ${source} and kind = 'comment' and source_id = ${number}`))[0]?.id);
  const amelie = await findWordpressComment('steel-tariffs-loom-harbour', '203');
  assert.equal(amelie, await marginIdOf('wordpress http://127.0.0.1:8081', '203'));
  const [row] = await sqlRows<{ author_name: string }>(sql`select author_name from comments where id = ${amelie}`);
  assert.equal(row!.author_name, 'Amélie Dubois');
  assert.equal(await findWordpressComment('starmer-us-security-guarantee-ukraine', '203'), null, 'comment 203 is on another article');
  // Both sites have a comment 2: each article finds its own.
  assert.equal(await findWordpressComment('starmer-us-security-guarantee-ukraine', '2'), await marginIdOf('wordpress http://127.0.0.1:8081', '2'));
  assert.equal(await findWordpressComment('newer-one', '2'), await marginIdOf('wordpress http://newer.example', '2'));
  assert.notEqual(await findWordpressComment('newer-one', '2'), await findWordpressComment('starmer-us-security-guarantee-ukraine', '2'));
  assert.equal(await findWordpressComment('steel-tariffs-loom-harbour', '99999'), null);
  assert.equal(await findWordpressComment('steel-tariffs-loom-harbour', '20%'), null);
  assert.equal(await findWordpressComment('no-such-article', '203'), null);
});

test('a dry run says what would happen and writes nothing', async () => {
  const before = await counts();
  const report = await importWordpress(writeFile('dry.xml', exportOf('http://dry.example', [{ id: 1, slug: 'dry-one', categories: ['dry-desk'], comments: [{ id: 1 }, { id: 2, parent: 1 }] }])), {
    dryRun: true,
  });
  assert.deepEqual(report.articles, { created: 1, alreadyImported: 0, byState: { published: 1 } });
  assert.equal(report.comments.added.approved, 2);
  assert.equal(report.sectionsCreated, 1);
  assert.deepEqual(await counts(), before);
  assert.deepEqual(await countImported('wordpress http://dry.example'), {});
  assert.match(describeReport(report)[0]!, /^Dry run \(nothing was written\)/);
});

test('bad files are refused with the line, and nothing of them is imported', async () => {
  const before = await counts();
  const whole = exportOf('http://bad.example', [
    { id: 1, slug: 'bad-one', comments: [{ id: 1 }] },
    { id: 2, slug: 'bad-two', comments: [{ id: 2 }] },
  ]);
  const truncated = writeFile('truncated.xml', whole.slice(0, whole.lastIndexOf('<wp:comment_content>')));
  await assert.rejects(importWordpress(truncated), (error: unknown) => error instanceof WxrError && /^line \d+: the file ends inside <[\w:]+>: it was cut short/.test(error.message));
  const bomb = writeFile('bomb.xml', `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n${whole.replace(/^<\?xml[^>]*>\n/, '').replace('Story 1', '&b;')}`);
  await assert.rejects(importWordpress(bomb), (error: unknown) => error instanceof WxrError && /^line 2: the file declares entities/.test(error.message));
  await assert.rejects(importWordpress(writeFile('page.xml', '<!doctype html><html><body>Not an export</body></html>')), WxrError);
  await assert.rejects(importWordpress(path.join(folder, 'missing.xml')), (error: unknown) => error instanceof ImportInputError && /there is no file at/.test(error.message));
  assert.deepEqual(await counts(), before);
  assert.deepEqual(await countImported('wordpress http://bad.example'), {});
});

test('duplicate slugs, replies whose parent is missing or on another post, dates without a zone: imported and reported with where', async () => {
  const file = writeFile(
    'odd.xml',
    exportOf('http://odd.example', [
      { id: 1, slug: 'same-slug', title: 'First with the slug', comments: [{ id: 1 }] },
      {
        id: 2,
        slug: 'same-slug',
        title: 'Second with the slug',
        dateGmt: '0000-00-00 00:00:00',
        comments: [{ id: 2, parent: 1, author: 'Orphan Two' }, { id: 3, parent: 77, author: 'Orphan Three' }, { id: 3, parent: 77, author: 'Orphan Three' }],
      },
    ]),
  );
  const report = await importWordpress(file);
  assert.equal(report.articles.created, 2);
  const messages = report.warnings.map((w) => `${w.where.post}@${w.where.line}: ${w.message}`);
  assert.ok(messages.some((m) => /^2@\d+: the slug "same-slug" belongs to another article: imported as "same-slug-2"/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^2@\d+: comment 2 replies to comment 1, which is not on this post/.test(m)));
  assert.ok(messages.some((m) => /^2@\d+: comment 3 replies to comment 77, which is not on this post/.test(m)));
  assert.ok(messages.some((m) => /^2@\d+: the date 2025-03-01 09:00:00 has no time zone: read as UTC/.test(m)));
  assert.ok(messages.some((m) => /^2@\d+: comment 3 appears twice on this post: the second copy was left out/.test(m)));
  const parents = await sqlRows<{ parent_id: number | null }>(sql`select parent_id from comments where author_name in ('Orphan Two', 'Orphan Three')`);
  assert.deepEqual(parents, [{ parent_id: null }, { parent_id: null }]);
  assert.equal((await article('same-slug-2')).slug, 'same-slug-2');
});

test('--uploads: an image found in the local copy goes to the image library and into the body; one that is not is reported', async () => {
  const { makePhoto } = await import('@/lib/test-images');
  const uploads = path.join(folder, 'uploads');
  fs.mkdirSync(path.join(uploads, '2025', '03'), { recursive: true });
  fs.writeFileSync(path.join(uploads, '2025', '03', 'harbour.jpg'), await makePhoto({ width: 800, height: 600 }));
  const image = (file: string, alt: string) =>
    `<!-- wp:image --><figure class="wp-block-image"><img src="http://pictures.example/wp-content/uploads/2025/03/${file}" alt="${alt}"/><figcaption>Caption of ${alt}</figcaption></figure><!-- /wp:image -->`;
  const file = writeFile(
    'pictures.xml',
    exportOf('http://pictures.example', [{ id: 1, slug: 'with-pictures', content: `<p>Text.</p>${image('harbour.jpg', 'The harbour')}${image('lost.jpg', 'A lost one')}${image('../../../etc/passwd', 'Escaping')}` }]),
  );
  await assert.rejects(importWordpress(file, { uploads: path.join(folder, 'nowhere') }), (error: unknown) => error instanceof ImportInputError && /--uploads: there is no folder/.test(error.message));
  const report = await importWordpress(file, { uploads });
  assert.deepEqual(
    report.missingImages.map((m) => [m.alt, m.reason]),
    [
      ['A lost one', `not found in ${uploads}`],
      ['Escaping', `not found in ${uploads}`],
    ],
  );
  const blocks = JSON.parse((await article('with-pictures')).body) as { type: string; imageId?: number; alt?: string; caption?: string; text: string }[];
  const [picture] = blocks.filter((b) => b.type === 'image');
  assert.equal(picture?.alt, 'The harbour');
  assert.equal(picture?.caption, 'Caption of The harbour');
  const [stored] = await sqlRows<{ id: number; uploaded_by: number }>(sql`select id, uploaded_by from images where id = ${picture!.imageId!}`);
  assert.equal(stored?.uploaded_by, zoe, 'owned by the first admin or editor');
  assert.deepEqual(blocks.filter((b) => b.type === 'paragraph').map((b) => b.text), ['Text.', 'Caption of A lost one', 'Caption of Escaping']);
});

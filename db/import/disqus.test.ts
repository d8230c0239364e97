import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestArticle, openTemporaryDatabase, sqlRows } from '@/db/test-database';
import { DisqusError } from '@/lib/disqus/reader';

await openTemporaryDatabase('disqus-import');

const { importDisqus, describeDisqusReport } = await import('./disqus');
const { ImportInputError } = await import('./files');
const { countImported } = await import('@/db/queries/imports');

const fixture = path.join(import.meta.dirname, 'fixtures', 'disqus-export.xml');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-disqus-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));
const maps = [{ from: 'https://blog.harbour.example/p/', to: '/articles/' }];

// The articles the threads were about: one brought by a WordPress import (its old address in legacy_addresses),
// one at its Margin address, one whose address changed (--map), one found by the thread's identifier.
const steel = await addTestArticle({ slug: 'steel-tariffs', status: 'published' });
const cafe = await addTestArticle({ slug: 'harbour-cafe-reopens', status: 'published', commentsOpen: true });
const ferry = await addTestArticle({ slug: 'ferry-timetable', status: 'published' });
const lighthouse = await addTestArticle({ slug: 'lighthouse-restored', status: 'published' });
const { getDb } = await import('@/db/index');
const { legacyAddresses } = await import('@/db/schema');
await getDb().insert(legacyAddresses).values({ path: '/2024/03/01/steel-tariffs/', target: '/articles/steel-tariffs', createdAt: new Date() });

type CommentRow = { id: number; article_id: number; parent_id: number | null; author_name: string; author_email: string; ip: string | null; body: string; status: string; created_at: unknown; idempotency_key: string };
async function commentRows(): Promise<Map<string, CommentRow>> {
  const rows = await sqlRows<CommentRow>(sql`select id, article_id, parent_id, author_name, author_email, ip, body, status, created_at, idempotency_key from comments order by id`);
  return new Map(rows.map((row) => [row.idempotency_key.split(' ').at(-1)!, row]));
}
const commentCount = async () => Number((await sqlRows<{ n: number }>(sql`select count(*) as n from comments`))[0]!.n);
const ms = (value: unknown) => (value instanceof Date ? value.getTime() : Number(value));

test('a dry run says what would happen and writes nothing', async () => {
  const report = await importDisqus(fixture, { dryRun: true, maps });
  assert.equal(report.dryRun, true);
  assert.deepEqual(report.threads, { matched: 4, skipped: 1 });
  assert.deepEqual(report.comments.added, { approved: 7, pending: 0, spam: 1, trash: 1 });
  assert.equal(await commentCount(), 0);
  assert.deepEqual(await countImported(report.source), {});
  assert.match(describeDisqusReport(report)[0]!, /^Dry run \(nothing was written\): would import from disqus:harbour-gazette:/);
});

test('the fixture: threads matched by old address, Margin address, --map and identifier; posts threaded, statuses, emails private, dates in UTC', async () => {
  const report = await importDisqus(fixture, { maps });
  assert.equal(report.source, 'disqus:harbour-gazette');
  assert.deepEqual(report.threads, { matched: 4, skipped: 1 });
  assert.deepEqual(report.comments, { added: { approved: 7, pending: 0, spam: 1, trash: 1 }, alreadyImported: 0 });
  assert.deepEqual(
    report.skipped.map((s) => [s.where.line, s.reason]),
    [[49, 'thread 103 (https://harbour.example/nowhere/): no article at this address (and its comment)']],
  );
  const warnings = report.warnings.map((w) => `${w.where.line}: ${w.message}`);
  assert.ok(warnings.includes('131: replies to post 9999, which is not in the file: imported as a top-level comment'), warnings.join('\n'));
  assert.ok(warnings.includes('192: replies to post 1005, which is on another thread: imported as a top-level comment'), warnings.join('\n'));
  assert.ok(warnings.includes('147: <script> in a comment was dropped'), warnings.join('\n'));
  assert.ok(warnings.includes('208: the date 2024-03-02T08:00:00 has no time zone: read as UTC'), warnings.join('\n'));

  const rows = await commentRows();
  assert.equal(rows.size, 9);
  const first = rows.get('1000')!;
  assert.deepEqual([first.article_id, first.parent_id, first.author_name, first.author_email, first.ip, first.status], [steel, null, 'Zoë Reader', 'zoe.reader@example.net', '198.51.100.7', 'approved']);
  assert.equal(first.body, 'First paragraph.\n\nSecond, with the report (https://example.org/report).');
  assert.equal(ms(first.created_at), Date.UTC(2024, 2, 1, 10));
  const guest = rows.get('1001')!;
  assert.deepEqual([guest.parent_id, guest.author_name, guest.author_email, guest.body], [first.id, 'Guest Reader', 'anonymous-1001@disqus.invalid', 'Agreed & more — ünïcödé ✓']);
  assert.deepEqual([rows.get('1002')!.parent_id, rows.get('1002')!.status], [guest.id, 'spam']);
  assert.equal(rows.get('1003')!.status, 'trash');
  assert.equal(rows.get('1004')!.parent_id, null);
  const maryam = rows.get('1005')!;
  assert.deepEqual([maryam.article_id, maryam.author_name, maryam.body, maryam.ip], [cafe, 'مريم', 'مرحبا! Lovely café.', '2001:db8::5']);
  assert.equal(ms(maryam.created_at), Date.UTC(2024, 2, 5, 12));
  assert.equal(rows.get('1007')!.article_id, ferry);
  assert.deepEqual([rows.get('1008')!.article_id, rows.get('1008')!.parent_id], [lighthouse, null]);
  assert.deepEqual([rows.get('1009')!.author_name, rows.get('1009')!.author_email, rows.get('1009')!.parent_id], ['Anonymous', 'anonymous-1009@disqus.invalid', first.id]);
  assert.equal(rows.has('1006'), false, 'the post on the unmatched thread');
  assert.deepEqual(await countImported('disqus:harbour-gazette'), { comment: 9 });

  const text = describeDisqusReport(report).join('\n');
  assert.match(text, /threads: 4 matched to articles, 1 skipped/);
  assert.match(text, /comments: 7 approved, 0 pending, 1 spam, 1 trash; 0 imported before/);
  assert.match(text, /line 49: thread 103 \(https:\/\/harbour.example\/nowhere\/\)/);
  assert.doesNotMatch(text, /@example\.net|@spam\.example|anonymous-\d/, 'no email in the report');
});

test('running the same file again adds nothing; without --map the moved thread is skipped with its link', async () => {
  const before = await commentCount();
  const again = await importDisqus(fixture, { maps });
  assert.deepEqual(again.comments, { added: { approved: 0, pending: 0, spam: 0, trash: 0 }, alreadyImported: 9 });
  const unmapped = await importDisqus(fixture);
  assert.deepEqual(unmapped.threads, { matched: 3, skipped: 2 });
  assert.ok(unmapped.skipped.some((s) => s.reason.startsWith('thread 102 (https://blog.harbour.example/p/ferry-timetable)')));
  assert.equal(await commentCount(), before);
});

test('a newer export adds only the new posts, a reply finding its parent from the earlier run', async () => {
  const newer = fs.readFileSync(fixture, 'utf8').replace(
    '</disqus>',
    `  <post dsq:id="1010">
    <message><![CDATA[<p>A later reply.</p>]]></message>
    <createdAt>2024-04-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><email>late@example.net</email><name>Late</name><isAnonymous>false</isAnonymous></author>
    <ipAddress>198.51.100.20</ipAddress>
    <thread dsq:id="100" />
    <parent dsq:id="1000" />
  </post>
</disqus>`,
  );
  const file = path.join(folder, 'newer.xml');
  fs.writeFileSync(file, newer);
  const report = await importDisqus(file, { maps });
  assert.deepEqual(report.comments, { added: { approved: 1, pending: 0, spam: 0, trash: 0 }, alreadyImported: 9 });
  const rows = await commentRows();
  assert.equal(rows.get('1010')!.parent_id, rows.get('1000')!.id);
});

test('bad files are refused with the line, and nothing of them is imported', async () => {
  const before = await commentCount();
  const whole = fs.readFileSync(fixture, 'utf8');
  const truncated = path.join(folder, 'truncated.xml');
  fs.writeFileSync(truncated, whole.slice(0, whole.lastIndexOf('<post dsq:id="1009">') + 60));
  await assert.rejects(importDisqus(truncated, { maps }), (error: unknown) => error instanceof DisqusError && /^line \d+: the file ends inside <\w+>: it was cut short/.test(error.message));
  const bomb = path.join(folder, 'bomb.xml');
  fs.writeFileSync(bomb, whole.replace('<disqus ', '<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<disqus '));
  await assert.rejects(importDisqus(bomb), (error: unknown) => error instanceof DisqusError && /the file declares entities/.test(error.message));
  await assert.rejects(importDisqus(path.join(folder, 'missing.xml')), (error: unknown) => error instanceof ImportInputError && /there is no file at/.test(error.message));
  assert.equal(await commentCount(), before);
});

test('a file longer than a batch: replies find parents imported in an earlier batch (one transaction per 500 posts)', async () => {
  const article = await addTestArticle({ slug: 'long-thread', status: 'published' });
  const posts = Array.from(
    { length: 1200 },
    (_, i) => `<post dsq:id="${50000 + i}"><message>Post ${i}</message><createdAt>2024-05-01T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
<author><name>R${i}</name><isAnonymous>true</isAnonymous></author><ipAddress></ipAddress><thread dsq:id="900"/>${i ? `<parent dsq:id="${50000 + i - 1}"/>` : ''}</post>`,
  );
  const file = path.join(folder, 'long.xml');
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="900"><id>long-thread</id><forum>harbour-gazette</forum><link>https://harbour.example/?p=900</link><createdAt>2024-05-01T09:00:00Z</createdAt></thread>
${posts.join('\n')}\n</disqus>`,
  );
  const report = await importDisqus(file);
  assert.equal(report.comments.added.approved, 1200);
  assert.deepEqual(report.warnings, []);
  const rows = await sqlRows<{ id: number; parent_id: number | null; idempotency_key: string }>(
    sql`select id, parent_id, idempotency_key from comments where article_id = ${article} order by id`,
  );
  const idOf = new Map(rows.map((row) => [row.idempotency_key.split(' ').at(-1)!, row.id]));
  assert.equal(rows.filter((row) => row.parent_id === null).length, 1, 'only the first post is top level');
  assert.equal(rows.find((row) => row.id === idOf.get('50500'))!.parent_id, idOf.get('50499'), 'across the batch boundary at 500');
});

test('replies that come before their parent in the file wait for it: the thread is whole, however the export is ordered', async () => {
  const article = await addTestArticle({ slug: 'out-of-order', status: 'published' });
  const post = (id: number, parent: number | null, extra = '') =>
    `<post dsq:id="${id}"><message>Post ${id}</message><createdAt>2024-06-01T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
<author><name>R${id}</name><isAnonymous>true</isAnonymous></author><ipAddress></ipAddress><thread dsq:id="950"/>${parent ? `<parent dsq:id="${parent}"/>` : ''}${extra}</post>`;
  // A grandchild, then its parent, then the top comment; and two replies to each other (a cycle).
  const file = path.join(folder, 'out-of-order.xml');
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="950"><id>out-of-order</id><forum>harbour-gazette</forum><link>https://harbour.example/articles/out-of-order</link><createdAt>2024-06-01T09:00:00Z</createdAt></thread>
${[post(70003, 70002), post(70002, 70001), post(70001, null), post(70010, 70011), post(70011, 70010)].join('\n')}\n</disqus>`,
  );
  const report = await importDisqus(file);
  assert.equal(report.comments.added.approved, 5);
  const rows = await sqlRows<{ id: number; parent_id: number | null; idempotency_key: string }>(
    sql`select id, parent_id, idempotency_key from comments where article_id = ${article} order by id`,
  );
  const idOf = new Map(rows.map((row) => [row.idempotency_key.split(' ').at(-1)!, row.id]));
  const parentOf = (id: number) => rows.find((row) => row.id === idOf.get(String(id)))!.parent_id;
  assert.equal(parentOf(70001), null);
  assert.equal(parentOf(70002), idOf.get('70001'));
  assert.equal(parentOf(70003), idOf.get('70002'));
  // The cycle: one of the two goes in as a top-level comment, the other as its reply; never a loop of parents.
  assert.equal(parentOf(70010), null);
  assert.equal(parentOf(70011), idOf.get('70010'));
  assert.ok(report.warnings.some((w) => /a cycle of replies/.test(w.message)), JSON.stringify(report.warnings));
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type Connection, openDatabase } from './connection';
import { copyToPostgres, pairTables } from './copy-to-postgres';
import { migratePostgres } from './postgres/migrate';
import * as postgresSchema from './postgres/schema';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres/throwaway-cluster';
import * as s from './sqlite/schema';

// `npm run db:copy` on a small site with a row in every table: a copy that fails midway leaves the
// target empty; a copy keeps every row and field; the queue counts agree; new rows get new ids; a
// second copy into the same database is refused and changes nothing.

let cluster: ThrowawayPostgres | undefined;
let pool: pg.Pool;
let folder: string;
let file: string;
let sqlite: Connection;
const pgDb = () => drizzle({ client: pool, schema: postgresSchema });

const at = (iso: string) => new Date(iso);
/** A reply stored before its parent (an import could do it): the copy must set its parent afterwards. */
const earlyReplyId = 500;
const laterParentId = 600;

function seedSite({ db }: Connection): void {
  const [admin, disabled] = db
    .insert(s.users)
    .values([
      { email: 'ada@paper.example', name: 'Ada Admin', passwordHash: 'scrypt$a', role: 'admin', heldMail: 'hourly', createdAt: at('2024-03-01T10:00:00.123Z') },
      { email: 'gone@paper.example', name: 'Gone Editor', passwordHash: 'scrypt$b', role: 'editor', disabled: true, sessionVersion: 2 },
    ])
    .returning()
    .all();
  db.insert(s.sessions)
    .values([
      { id: 'session-live', userId: admin!.id, userVersion: 0, expiresAt: at('2030-01-01T00:00:00.001Z') },
      { id: 'session-ended', userId: disabled!.id, userVersion: 1, expiresAt: at('2030-01-01T00:00:00Z'), endedAt: at('2024-05-05T05:05:05.555Z') },
    ])
    .run();
  const [section] = db.insert(s.sections).values({ slug: 'politics', name: 'Politics', position: 2 }).returning().all();
  const [tag] = db.insert(s.tags).values({ slug: 'ukraine', name: 'Ukraine' }).returning().all();
  const [image] = db
    .insert(s.images)
    .values({ hash: 'ab'.repeat(32), format: 'webp', width: 1600, height: 900, widths: '[320,640,1600]', bytes: 123456, uploadedBy: admin!.id })
    .returning()
    .all();
  const [article] = db
    .insert(s.articles)
    .values({
      slug: 'second-story',
      headline: 'A second story',
      standfirst: 'With a byline and a tag',
      body: '[{"type":"paragraph","text":"Hello «world»"}]',
      bodySource: 'Hello «world»',
      bodyText: 'Hello world',
      status: 'published',
      publishedAt: at('2025-03-01T08:30:00Z'),
      firstPublishedAt: at('2025-03-01T08:30:00Z'),
      sectionId: section!.id,
      leadImageId: image!.id,
      leadImageAlt: 'A picture',
      commentsOpen: false,
      version: 3,
      createdBy: admin!.id,
      updatedAt: at('2025-03-02T00:00:00Z'),
    })
    .returning()
    .all();
  const articleId = article!.id;
  db.insert(s.articleBylines).values({ articleId, position: 0, userId: admin!.id, name: 'Ada Admin', authorSlug: 'ada-admin' }).run();
  db.insert(s.articleTags).values({ articleId, tagId: tag!.id }).run();
  db.insert(s.articleRedirects).values({ oldSlug: 'first-draft-slug', articleId }).run();
  db.insert(s.importedItems).values({ source: 'wordpress http://old.example', kind: 'post', sourceId: '12', targetId: articleId }).run();
  db.insert(s.legacyAddresses).values({ path: '/?p=12', target: '/articles/a-second-story' }).run();
  db.insert(s.articleRevisions).values({ articleId, version: 3, userId: admin!.id, action: 'published', snapshot: '{"headline":"A second story"}' }).run();
  db.insert(s.articleAutosaves).values({ articleId, userId: admin!.id, baseVersion: 3, snapshot: '{"headline":"A second stor"}', savedAt: at('2025-03-02T01:02:03.456Z') }).run();
  db.insert(s.articleEditors).values({ articleId, userId: admin!.id, seenAt: at('2025-03-02T01:02:04Z') }).run();

  const comment = (values: Partial<typeof s.comments.$inferInsert> & { body: string }) =>
    db
      .insert(s.comments)
      .values({ articleId, authorName: 'Reader', authorEmail: 'reader@example.com', avatarKey: 'k', ...values })
      .returning()
      .get();
  const root = comment({ body: 'Root', status: 'approved', approvedBy: admin!.id, approvedAt: at('2025-03-01T09:00:00Z'), ip: '203.0.113.5' });
  const reply = comment({ body: 'Reply', status: 'approved', parentId: root.id, authorUrl: 'https://reader.example' });
  comment({ body: 'Reply to the reply', status: 'approved', parentId: reply.id, isStaff: true });
  comment({ body: 'Waiting', status: 'pending', heldReason: 'links', readerKey: 'reader-key', idempotencyKey: 'form-1', notifyKey: 'address-key' });
  comment({ body: 'Buy now', status: 'spam', heldReason: 'honeypot' });
  comment({ body: 'Binned', status: 'trash' });
  const flagged = comment({ body: 'Rude', status: 'approved', flagged: true, reportCount: 3 });
  comment({ id: laterParentId, body: 'A parent with a high id', status: 'approved' });
  comment({ id: earlyReplyId, body: 'Its reply, with a lower id', status: 'pending', parentId: laterParentId });
  db.insert(s.reports)
    .values(['a', 'b', 'c'].map((client) => ({ commentId: flagged.id, clientKey: `client:${client}`, reason: 'abuse' as const, note: client === 'a' ? 'nasty' : null })))
    .run();
  db.insert(s.reports).values({ commentId: root.id, clientKey: 'client:d', reason: 'spam', dismissedAt: at('2025-03-03T00:00:00Z') }).run();
  db.insert(s.moderationLog)
    .values([
      { commentId: root.id, userId: admin!.id, action: 'approve', fromStatus: 'pending', toStatus: 'approved' },
      { commentId: flagged.id, userId: null, action: 'flag', note: 'three reports' },
    ])
    .run();
  db.insert(s.bans)
    .values([
      { kind: 'email', value: 'troll@example.com', note: 'abuse', expiresAt: at('2026-01-01T00:00:00Z'), createdBy: admin!.id },
      { kind: 'ip', value: '198.51.100.0', prefixBits: 24, liftedAt: at('2025-04-01T12:00:00Z') },
    ])
    .run();
  db.insert(s.loginFailures).values([{ key: 'email:ada@paper.example' }, { key: 'client:203.0.113.5' }]).run();
  db.insert(s.settings)
    .values([
      { key: 'approval', value: '"first-time"' },
      { key: 'moderationWords', value: '["casino","crypto"]' },
    ])
    .run();
  db.insert(s.pageInvalidations)
    .values([
      { origin: 'server-a', pages: '["/articles/second-story"]', nextTags: '["article:2"]' },
      { origin: 'server-b', pages: null, nextTags: '[]' },
    ])
    .run();
  db.insert(s.leases).values({ name: 'housekeeping', holder: 'server-a', expiresAt: at('2025-03-02T00:01:30Z') }).run();
  db.insert(s.mailAddresses).values({ key: 'address-key', status: 'confirmed', updatedAt: at('2025-03-02T00:02:00Z') }).run();
  db.insert(s.outbox)
    .values({
      key: 'reply:3:to:1',
      kind: 'reply',
      recipient: 'reader@example.com',
      recipientKey: 'address-key',
      requestedBy: null,
      subject: 'Someone replied',
      textBody: 'Text',
      htmlBody: '<p>Text</p>',
      unsubscribeUrl: 'https://news.example/email/unsubscribe?token=t',
      status: 'sent',
      attempts: 2,
      nextAttemptAt: at('2025-03-02T00:03:00Z'),
      lastError: 'busy',
      file: 'outbox/x.eml',
      sentAt: at('2025-03-02T00:03:01Z'),
    })
    .run();
  db.insert(s.outbox)
    .values({
      key: `held:${root.id}:to:${admin!.id}`,
      kind: 'held',
      recipient: 'ada@paper.example',
      recipientKey: 'admin-address-key',
      subject: 'A comment is waiting',
      textBody: 'Text',
      htmlBody: '<p>Text</p>',
      unsubscribeUrl: 'https://news.example/email/unsubscribe?token=s',
      status: 'digest',
      nextAttemptAt: at('2025-03-02T01:00:00Z'),
      commentId: root.id,
      userId: admin!.id,
    })
    .run();
  db.insert(s.usedModerationLinks).values({ key: 'used-link-hash', userId: admin!.id, commentId: root.id, usedAt: at('2025-03-02T00:04:00Z') }).run();
  db.insert(s.surges).values({ kind: 'slow', articleId, value: 120, startsAt: at('2025-03-02T00:05:00Z'), endsAt: at('2025-03-02T02:05:00Z'), endedBy: admin!.id, endHandledAt: at('2025-03-02T00:30:00Z'), createdBy: admin!.id, createdAt: at('2025-03-02T00:05:00Z') }).run();
}

before(async () => {
  const starting = startThrowawayPostgres();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-copy-'));
  file = path.join(folder, 'margin.db');
  sqlite = openDatabase(file);
  seedSite(sqlite);
  cluster = await starting;
  pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
});

after(async () => {
  await pool?.end();
  await cluster?.stop();
  sqlite?.sqlite.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

async function postgresCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name } of pairTables()) {
    counts[name] = (await pool.query<{ n: number }>(`select count(*)::integer as n from "${name}"`)).rows[0]!.n;
  }
  return counts;
}

const queueCounts = async () => (await pool.query<{ tab: string; n: number }>('select tab, n from comment_counts order by tab')).rows;

test('a copy that fails midway is undone: the target stays empty and can be copied into again', async () => {
  const client = await pool.connect();
  await migratePostgres(client);
  client.release();
  await pool.query(`
    create function stop_the_copy() returns trigger language plpgsql as $$
    begin if new.id = ${earlyReplyId} then raise exception 'the test stops the copy here'; end if; return new; end $$;
    create trigger stop_the_copy before insert on comments for each row execute function stop_the_copy()`);
  try {
    // Two rows a batch: several batches of comments are in when the last one fails.
    await assert.rejects(copyToPostgres({ from: file, to: cluster!.url, batchRows: 2 }), {
      name: 'CopyError',
      message: /^the copy stopped in table comments: the test stops the copy here\. It was undone, nothing was written/,
    });
  } finally {
    await pool.query('drop trigger stop_the_copy on comments; drop function stop_the_copy()');
  }
  const counts = await postgresCounts();
  for (const [table, n] of Object.entries(counts)) assert.equal(n, table === 'comment_counts' ? 5 : 0, table);
  assert.ok((await queueCounts()).every((row) => row.n === 0));
});

test('copies every table, row for row and field for field, with the queue counts equal', async () => {
  const started = performance.now();
  // Two rows a batch: the early reply (500) goes in a statement before its parent (600).
  const report = await copyToPostgres({ from: file, to: cluster!.url, batchRows: 2 });
  const seconds = (performance.now() - started) / 1000;
  console.log(`copied ${report.rows} rows in ${seconds.toFixed(2)} s`);
  for (const { table, sqlite: a, postgres: b } of report.tables) {
    assert.equal(b, a, `${table}: the same count`);
    assert.ok(a > 0, `${table}: the test site has a row in every table`);
  }

  for (const pair of pairTables()) {
    const byContent = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();
    const expected = sqlite.db.select().from(pair.sqlite).all();
    const actual = await pgDb().select().from(pair.postgres);
    // Dates compare as the same instant, booleans as booleans, nulls as nulls, JSON as its text.
    assert.deepEqual(byContent(actual), byContent(expected), pair.name);
  }

  // The same, as PostgreSQL's own types rather than drizzle's.
  const user = (await pool.query('select disabled, created_at, session_version from users where email = $1', ['gone@paper.example'])).rows[0];
  assert.equal(user.disabled, true);
  assert.equal(user.session_version, 2);
  const ada = (await pool.query("select created_at from users where email = 'ada@paper.example'")).rows[0];
  assert.equal(ada.created_at.toISOString(), '2024-03-01T10:00:00.123Z');
  const image = (await pool.query('select widths from images')).rows[0];
  assert.equal(image.widths, '[320,640,1600]');
  const reply = (await pool.query('select parent_id, author_url, approved_at from comments where id = $1', [earlyReplyId])).rows[0];
  assert.deepEqual(reply, { parent_id: laterParentId, author_url: null, approved_at: null });
  const search = (await pool.query("select count(*)::integer as n from articles where search @@ to_tsquery('margin_search', 'second')")).rows[0];
  assert.equal(search.n, 1, 'PostgreSQL filled the search column');

  const sqliteQueue = sqlite.sqlite.prepare('select tab, n from comment_counts order by tab').all();
  assert.deepEqual(await queueCounts(), sqliteQueue);
  assert.deepEqual(
    report.commentCounts,
    (sqliteQueue as { tab: string; n: number }[]).map(({ tab, n }) => ({ tab, sqlite: n, postgres: n })),
  );
  assert.ok((sqliteQueue as { n: number }[]).every((row) => row.n > 0), 'every queue tab has a comment');
});

test('copying into a database that has rows is refused, and changes nothing', async () => {
  const before = await postgresCounts();
  await assert.rejects(copyToPostgres({ from: file, to: cluster!.url }), {
    name: 'CopyError',
    message: /^the PostgreSQL database 127\.0\.0\.1:\d+\/margin is not empty: table imported_items has 1 row\. Copy into a new, empty database; nothing was written\.$/,
  });
  assert.deepEqual(await postgresCounts(), before);
});

test('rows added in PostgreSQL after the copy get new ids', async () => {
  const db = pgDb();
  const [article] = await db
    .insert(postgresSchema.articles)
    .values({ slug: 'after-the-move', headline: 'After', standfirst: 'The move', body: '[]', publishedAt: new Date() })
    .returning({ id: postgresSchema.articles.id });
  assert.equal(article!.id, 3);
  const [comment] = await db
    .insert(postgresSchema.comments)
    .values({ articleId: article!.id, authorName: 'New', authorEmail: 'new@example.com', avatarKey: 'k', body: 'First on PostgreSQL' })
    .returning({ id: postgresSchema.comments.id });
  assert.equal(comment!.id, laterParentId + 1);
  const [failure] = await db.insert(postgresSchema.loginFailures).values({ key: 'email:x' }).returning();
  assert.equal(failure!.id, 3);
});

test('plain messages for what the person running the copy can fix', async () => {
  await assert.rejects(copyToPostgres({ from: path.join(folder, 'missing.db'), to: cluster!.url }), {
    message: `there is no SQLite database at ${path.join(folder, 'missing.db')}.`,
  });
  const notADatabase = path.join(folder, 'notes.txt');
  fs.writeFileSync(notADatabase, 'not a database, just some words that are long enough to be read as a header '.repeat(10));
  await assert.rejects(copyToPostgres({ from: notADatabase, to: cluster!.url }), {
    message: /^cannot read the SQLite database .*notes\.txt: file is not a database\.$/,
  });
  await assert.rejects(copyToPostgres({ from: file, to: 'postgres://postgres@127.0.0.1:1/margin' }), {
    message: 'cannot connect to PostgreSQL at 127.0.0.1:1: is it running?',
  });
  const port = new URL(cluster!.url).port;
  await assert.rejects(copyToPostgres({ from: file, to: `postgres://postgres@127.0.0.1:${port}/elsewhere` }), {
    message: `PostgreSQL at 127.0.0.1:${port} has no database "elsewhere": create it first (createdb elsewhere).`,
  });
});

test('a column in one schema and not the other stops the copy before it starts', () => {
  const lacking = { ...postgresSchema, leases: pgTable('leases', { name: integer('name') }) };
  assert.throws(() => pairTables(s, lacking), {
    message: /^db\/schema\.ts and db\/postgres\/schema\.ts differ, so a copy would lose data: leases\.name is name \(string\) in SQLite but name \(number\) in PostgreSQL; leases\.holder is only in db\/schema\.ts; leases\.expiresAt is only in db\/schema\.ts\.$/,
  });
  const order = pairTables().map((pair) => pair.name);
  for (const [child, parent] of [['comments', 'articles'], ['articles', 'images'], ['images', 'users'], ['reports', 'comments']]) {
    assert.ok(order.indexOf(parent!) < order.indexOf(child!), `${parent} before ${child}`);
  }
});

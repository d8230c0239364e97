import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Connection } from './connection';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-connection-'));
const file = path.join(folder, 'nested', 'margin.db');
process.env.DATABASE_URL = `file:${file}`;
delete process.env.AUTH_SECRET;

const { openDatabase } = await import('./connection');
const { getConnection, getWriterConnection } = await import('@/db/index');
const { launchArticle } = await import('./seed');

const opened: Connection[] = [];
function open(): Connection {
  const connection = openDatabase(file);
  opened.push(connection);
  return connection;
}

after(() => {
  for (const { sqlite } of opened) sqlite.close();
  getWriterConnection().sqlite.close();
  getConnection().sqlite.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function assertPragmas({ sqlite }: Connection) {
  assert.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(sqlite.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(sqlite.pragma('busy_timeout', { simple: true }), 5000);
  assert.equal(sqlite.pragma('synchronous', { simple: true }), 2); // FULL
}

describe('openDatabase on a real file', () => {
  test('creates the folder and the file', () => {
    open();
    assert.ok(fs.existsSync(file));
  });

  test('the file and its -wal and -shm are readable by this user only; an older, world-readable file is narrowed', () => {
    const { sqlite } = open();
    sqlite.prepare("insert into settings (key, value) values ('permissions-check', '1') on conflict do nothing").run();
    for (const part of [file, `${file}-wal`, `${file}-shm`]) assert.equal(fs.statSync(part).mode & 0o777, 0o600, part);
    const older = path.join(folder, 'older', 'margin.db');
    fs.mkdirSync(path.dirname(older));
    fs.writeFileSync(older, '', { mode: 0o644 });
    fs.chmodSync(older, 0o644);
    opened.push(openDatabase(older));
    assert.equal(fs.statSync(older).mode & 0o777, 0o600);
  });

  test('every connection gets WAL, foreign keys, busy timeout and FULL sync', () => {
    assertPragmas(open());
    assertPragmas(open());
    assertPragmas(getConnection());
    assertPragmas(getWriterConnection());
  });

  test('migrations are applied: tables, indexes and the migrations journal', () => {
    const { sqlite } = open();
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all();
    for (const table of ['articles', 'comments', 'moderation_log', 'settings', 'users']) {
      assert.ok(tables.includes(table), `table ${table} exists (have ${tables.join(', ')})`);
    }
    const indexes = sqlite.prepare("select name from sqlite_master where type = 'index'").pluck().all();
    for (const index of [
      'comments_article_status_created_idx',
      'comments_status_created_idx',
      'comments_parent_idx',
      'comments_email_status_idx',
      'comments_reader_article_idx',
    ]) {
      assert.ok(indexes.includes(index), `index ${index} exists`);
    }
    const journal = JSON.parse(
      fs.readFileSync(path.join(process.cwd(), 'db', 'migrations', 'meta', '_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    const applied = sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get();
    assert.equal(applied, journal.entries.length);
  });

  test('foreign keys are enforced', () => {
    const { sqlite } = open();
    assert.throws(
      () =>
        sqlite
          .prepare(
            "insert into comments (article_id, author_name, author_email, avatar_key, body) values (999999, 'a', 'a@example.com', 'k', 'b')",
          )
          .run(),
      /FOREIGN KEY constraint failed/,
    );
  });

  test('the launch article is seeded exactly once, however often the file is opened', () => {
    open();
    open();
    const { sqlite } = open();
    const count = (slug: string) =>
      sqlite.prepare('select count(*) from articles where slug = ?').pluck().get(slug);
    assert.equal(count(launchArticle.slug), 1);
    assert.equal(sqlite.prepare('select count(*) from articles').pluck().get(), 1);
    const row = sqlite.prepare('select headline, body from articles where slug = ?').get(launchArticle.slug) as {
      headline: string;
      body: string;
    };
    assert.equal(row.headline, 'PM,\u00A0The US must play a part in Ukraine to dissuade Putin');
    assert.ok(Array.isArray(JSON.parse(row.body)));
  });

  test('reopening does not overwrite an edited launch article', () => {
    const { sqlite } = open();
    sqlite.prepare("update articles set standfirst = 'edited' where slug = ?").run(launchArticle.slug);
    const again = open();
    assert.equal(
      again.sqlite.prepare('select standfirst from articles where slug = ?').pluck().get(launchArticle.slug),
      'edited',
    );
  });
});

describe('a database changed by a newer version', () => {
  test('is refused with a plain message, and nothing in it is touched', () => {
    const newer = path.join(folder, 'newer', 'margin.db');
    const first = openDatabase(newer);
    const future = Date.now() + 365 * 24 * 60 * 60_000;
    first.sqlite.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-the-future', ?)").run(future);
    first.sqlite.close();
    assert.throws(() => openDatabase(newer), (error: Error) => {
      assert.equal(error.name, 'Error');
      assert.match(error.message, /changed by a newer version of Margin .* Start the newer version, or restore a backup/);
      return true;
    });
  });
});

describe('first start from several processes at once', () => {
  test(
    'processes opening a fresh file together all succeed',
    async () => {
      const { spawn } = await import('node:child_process');
      const script = `import { openDatabase } from ${JSON.stringify(path.join(process.cwd(), 'db', 'connection.ts'))};
try { openDatabase(process.argv[1]); console.log('ok'); } catch (e) { console.log('ERR ' + e.message.split('\\n')[0] + ' ' + String(e.cause ?? '')); }`;
      const failures: string[] = [];
      for (let round = 0; round < 6; round++) {
        const fresh = path.join(folder, `race-${round}`, 'margin.db');
        const outputs = await Promise.all(
          Array.from(
            { length: 4 },
            () =>
              new Promise<string>((resolve) => {
                const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, fresh], {
                  cwd: process.cwd(),
                });
                let out = '';
                child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
                child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
                child.on('close', () => resolve(out.trim()));
              }),
          ),
        );
        failures.push(...outputs.filter((o) => o !== 'ok'));
      }
      assert.deepEqual(failures, []);
    },
  );
});

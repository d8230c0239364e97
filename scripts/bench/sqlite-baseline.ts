import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { percentile } from './http';

// The storage floor for posting: raw better-sqlite3 inserts into a copy of the comments table (same
// columns and indexes, same file system, WAL + synchronous=FULL), one transaction per insert.

export type InsertBaseline = { rps: number; p50: number; p99: number; inserts: number };

export function prepareCopy(file: string): void {
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  const objects = sqlite
    // The table and its indexes; not the triggers, which keep the real table's queue counts.
    .prepare("select type, name, sql from sqlite_master where tbl_name = 'comments' and type <> 'trigger' and sql is not null")
    .all() as { type: string; name: string; sql: string }[];
  sqlite.exec('drop table if exists bench_comments_copy');
  for (const object of objects.sort((a, b) => (a.type === 'table' ? -1 : b.type === 'table' ? 1 : 0))) {
    const sql = object.sql
      .replace(/^CREATE TABLE [`"]?comments[`"]?/i, 'CREATE TABLE `bench_comments_copy`')
      .replace(/^(CREATE (UNIQUE )?INDEX) [`"]?(\w+)[`"]?\s+ON [`"]?comments[`"]?/i, '$1 `copy_$3` ON `bench_comments_copy`')
      // A partial index's condition names its table: `"comments"."flagged" = 1`.
      .replaceAll('"comments".', '"bench_comments_copy".');
    sqlite.exec(sql);
  }
  sqlite.close();
}

export function dropCopy(file: string): void {
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.exec('drop table if exists bench_comments_copy');
  sqlite.close();
}

export function insertBaseline(file: string, articleId: number, seconds: number): InsertBaseline {
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const insert = sqlite.prepare(
    `insert into bench_comments_copy (article_id, parent_id, author_name, author_email, author_url, avatar_key, reader_key, body,
       status, held_reason, idempotency_key, ip, user_agent, created_at, updated_at)
     values (?, null, ?, ?, null, ?, ?, ?, 'pending', 'every comment is held for review', ?, '127.0.0.1', 'bench', ?, ?)`,
  );
  const one = sqlite.transaction((n: number) => {
    const now = Date.now();
    insert.run(articleId, 'Bench Reader', `reader${n % 10}@example.test`, 'abcdef0123456789',
      crypto.randomBytes(32).toString('hex'), `bench baseline comment ${n} with some ordinary words in it`,
      crypto.randomBytes(16).toString('base64url'), now, now);
  });
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    const t = performance.now();
    one(n++);
    latencies.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  sqlite.close();
  latencies.sort((a, b) => a - b);
  return { rps: n / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), inserts: n };
}

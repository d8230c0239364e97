import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { SQL } from 'drizzle-orm';
import type { NewComment } from '@/db/queries/comments';
import type { Db } from './handle';
import pg from 'pg';

// For unit tests: a database of their own for each test file. SQLite by default: a new file in a
// temporary folder. With MARGIN_TEST_DATABASE=postgres: a new database on the PostgreSQL server in
// MARGIN_TEST_POSTGRES_URL (`npm run test:unit:postgres` starts one for the whole run), or on a
// throwaway server this process starts for itself. Removed after the test file either way.

/** Which database the unit tests run on (MARGIN_TEST_DATABASE=postgres, or SQLite). */
export const testDatabaseKind: 'sqlite' | 'postgres' = process.env.MARGIN_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * Points the data layer at a new, empty database. Await it before the first import of db/schema or
 * db/index: the dialect and the tables are chosen when they load.
 */
export async function openTemporaryDatabase(label: string): Promise<void> {
  process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
  if (testDatabaseKind === 'postgres') {
    await openTemporaryPostgres(label);
    return;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `margin-${label}-`));
  process.env.DATABASE_URL = `file:${folder}/margin.db`;
  // The data folder (secret, images) is the file's folder here.
  after(async () => {
    const { closeDataLayer } = await import('@/db/index');
    await closeDataLayer();
    fs.rmSync(folder, { recursive: true, force: true });
  });
}

async function openTemporaryPostgres(label: string): Promise<void> {
  let serverUrl = process.env.MARGIN_TEST_POSTGRES_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const { startThrowawayPostgres } = await import('./postgres/throwaway-cluster');
    const cluster = await startThrowawayPostgres();
    serverUrl = cluster.url;
    stopServer = cluster.stop;
  }
  const name = `margin_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now().toString(36)}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.href;
  const dataFolder = fs.mkdtempSync(path.join(os.tmpdir(), `margin-${label}-`));
  process.env.DATA_DIR = dataFolder;
  after(async () => {
    const { closeDataLayer } = await import('@/db/index');
    await closeDataLayer();
    // pg.Pool's end() settles before its connections have closed, and FORCE would cut them off
    // mid-goodbye (an uncaught error): a plain DROP waits up to 5 s for them; FORCE only for a
    // connection a test left open.
    await onServer(serverUrl, `drop database if exists ${name}`).catch(() => onServer(serverUrl, `drop database if exists ${name} with (force)`));
    await stopServer?.();
    fs.rmSync(dataFolder, { recursive: true, force: true });
  });
}

/** Runs one statement on the server's `postgres` database (creating and dropping databases). */
async function onServer(serverUrl: string, statement: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Another connection to the test's database, as a second server has one of its own: the SQLite file
 * opened again, or a second PostgreSQL pool on the same URL. Close it before the test file ends
 * (the database is dropped then).
 */
export async function openSecondConnection(): Promise<{ db: Db; close: () => Promise<void> }> {
  if (testDatabaseKind === 'postgres') {
    const { openPostgres } = await import('./postgres/connection');
    const { db, pool } = openPostgres(process.env.DATABASE_URL!);
    return { db, close: () => pool.end() };
  }
  const [{ getConnection }, { connect }] = await Promise.all([import('@/db/index'), import('./connection')]);
  const { db, sqlite } = connect(getConnection().sqlite.name);
  return { db, close: async () => void sqlite.close() };
}

/** Runs a hand-written statement on the test's database (seeding, clearing), on either kind. */
export async function runSql(query: SQL): Promise<void> {
  const [{ getDb }, { runStatement }] = await Promise.all([import('@/db/index'), import('./dialect')]);
  await runStatement(getDb(), query);
}

/**
 * The rows of a hand-written query on the test's database, with values as SQLite stores them on
 * either kind, so that one assertion holds for both: on PostgreSQL a time becomes milliseconds, a
 * boolean 1 or 0, a count (bigint) a number.
 */
export async function sqlRows<Row>(query: SQL): Promise<Row[]> {
  const { getDb, getPostgres } = await import('@/db/index');
  if (testDatabaseKind === 'sqlite') {
    const { allRows } = await import('./dialect');
    return allRows<Row>(getDb(), query);
  }
  const { PgDialect } = await import('drizzle-orm/pg-core');
  const { sql: text, params } = new PgDialect().sqlToQuery(query);
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) };
  const { rows } = await getPostgres().pool.query({ text, values: params, types } as pg.QueryConfig);
  return rows.map((row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value]),
    ),
  ) as Row[];
}

/** Deletes every row of these tables (between tests), on either kind. */
export async function emptyTables(...tables: string[]): Promise<void> {
  const { sql } = await import('drizzle-orm');
  for (const table of tables) await runSql(sql`delete from ${sql.identifier(table)}`);
}

/**
 * Makes every `event` on `table` fail with "test: write refused" until the returned function is
 * called: a temporary trigger on SQLite's writing connection (where every write runs), a trigger
 * on the table on PostgreSQL.
 */
export async function refuseWrites(table: string, event: 'INSERT' | 'UPDATE' | 'DELETE'): Promise<() => Promise<void>> {
  const { sql } = await import('drizzle-orm');
  if (testDatabaseKind === 'sqlite') {
    const { getWriterConnection } = await import('@/db/index');
    const writer = getWriterConnection().sqlite;
    writer.exec(`CREATE TEMP TRIGGER fail_write BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, 'test: write refused'); END`);
    return async () => void writer.exec('DROP TRIGGER IF EXISTS fail_write');
  }
  await runSql(sql.raw(`
    create or replace function margin_test_fail_write() returns trigger language plpgsql as
      $$ begin raise exception 'test: write refused'; end $$;
    create trigger fail_write before ${event} on ${table} for each row execute function margin_test_fail_write()`));
  return () => runSql(sql.raw(`drop trigger if exists fail_write on ${table}`));
}

/**
 * For assert.rejects: an error whose message, or the message of an error in its `cause` chain,
 * matches (drizzle on PostgreSQL wraps the driver's error as the cause of "Failed query: …").
 */
export function errorMatching(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    for (let e: unknown = error; e instanceof Error; e = e.cause) if (pattern.test(e.message)) return true;
    return false;
  };
}

type Tables = typeof import('./sqlite/schema');

/** Inserts an article (a published one, now, unless said otherwise) and returns its id. */
export async function addTestArticle(values: Partial<Tables['articles']['$inferInsert']> & { slug: string }): Promise<number> {
  const [{ getDb }, { articles }] = await Promise.all([import('@/db/index'), import('./schema')]);
  const [row] = await getDb()
    .insert(articles)
    .values({ headline: 'H', standfirst: 'S', body: '[]', publishedAt: new Date(), ...values })
    .returning({ id: articles.id });
  return row!.id;
}

/** Inserts a comment by "Reader" and returns its id. */
export async function addTestComment(values: Partial<Tables['comments']['$inferInsert']> & { articleId: number }): Promise<number> {
  const [{ getDb }, { comments }] = await Promise.all([import('@/db/index'), import('./schema')]);
  const [row] = await getDb()
    .insert(comments)
    .values({ authorName: 'Reader', authorEmail: 'reader@example.com', avatarKey: 'k', body: 'Text', ...values })
    .returning({ id: comments.id });
  return row!.id;
}

/** Inserts a staff account (password hash 'x') and returns its id. */
export async function addTestUser(values: Partial<Tables['users']['$inferInsert']> & { email: string; name: string }): Promise<number> {
  const [{ getDb }, { users }] = await Promise.all([import('@/db/index'), import('./schema')]);
  const [row] = await getDb().insert(users).values({ passwordHash: 'x', ...values }).returning({ id: users.id });
  return row!.id;
}

/** A reader's held comment as the posting tests send it to createComment, with what a test changes. */
export function heldTestComment(articleId: number, overrides: Partial<NewComment> = {}): NewComment {
  return {
    articleId,
    parentId: null,
    authorName: 'Ann',
    authorEmail: 'ann@example.com',
    authorUrl: null,
    body: 'A comment.',
    status: 'pending',
    heldReason: 'every comment is held for review',
    readerToken: 'reader-a',
    ip: '203.0.113.7',
    userAgent: 'UnitTest/1.0',
    ...overrides,
  };
}

/**
 * PostgreSQL: ends this process's listening connection from another session, as an administrator
 * or a failover would, and nothing else (db/postgres/change-listener.ts).
 */
export async function terminateChangeListener(): Promise<void> {
  const { default: pg } = await import('pg');
  const { listenerApplicationName } = await import('@/db/postgres/change-listener');
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    const ended = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()', [
      listenerApplicationName,
    ]);
    if (ended.rowCount !== 1) throw new Error(`expected one listening connection, ended ${ended.rowCount}`);
  } finally {
    await admin.end();
  }
}

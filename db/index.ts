import 'server-only';
import { loadConfig, sqliteDatabasePath } from '@/lib/config';
import { connect, openDatabase, type Connection } from './connection';
import type { Db } from './handle';

// Two connections per server process, kept on globalThis so dev reloads do not open more: one for
// reading, used by every query outside a write, and one for writing (db/writer.ts), which runs
// every write in order, in transactions of its own. A read never sees a write that is not
// committed, and a write never waits for a read.

const holder = globalThis as typeof globalThis & { marginConnection?: Connection; marginWriter?: Connection };

export function getConnection(): Connection {
  holder.marginConnection ??= openDatabase(sqliteDatabasePath(loadConfig()));
  return holder.marginConnection;
}

/** The reading connection's handle: for queries outside a write. */
export function getDb(): Db {
  return getConnection().db;
}

/** The writing connection: only db/writer.ts writes through it. Opened after the reading one migrated the file. */
export function getWriterConnection(): Connection {
  const reader = getConnection();
  holder.marginWriter ??= connect(reader.sqlite.name);
  return holder.marginWriter;
}

/**
 * A query built and compiled once per connection, then only run: drizzle's query building and
 * SQLite's compiling cost more than running the small queries behind every comment post. Pass the
 * write's handle inside a write; the reading connection's is the default.
 */
export function preparedQuery<Query>(build: (db: Db) => Query): (db?: Db) => Query {
  const made = new WeakMap<Db, Query>();
  return (db = getDb()) => {
    let query = made.get(db);
    if (query === undefined) {
      query = build(db);
      made.set(db, query);
    }
    return query;
  };
}

/** The first row of a query's rows, or undefined: `await first(db.select()…)`. */
export async function first<Row>(rows: PromiseLike<Row[]> | Row[]): Promise<Row | undefined> {
  return (await rows)[0];
}

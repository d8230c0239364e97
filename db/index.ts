import 'server-only';
import { loadConfig } from '@/lib/config';
import { connect, openDatabase, type Connection } from './connection';
import { databaseKind } from './dialect';
import type { Db } from './handle';
import { listenForChanges, type ChangeListener } from './postgres/change-listener';
import { openPostgres, readyOrExplain, type PostgresConnection } from './postgres/connection';

// SQLite: two connections per server process, kept on globalThis so dev reloads do not open more:
// one for reading, used by every query outside a write, and one for writing (db/writer.ts), which
// runs every write in order, in transactions of its own. A read never sees a write that is not
// committed, and a write never waits for a read.
//
// PostgreSQL: one pool. Reads take any of its connections; each write is a transaction on one
// (db/writer.ts). The pool migrates and seeds before its first query (db/postgres/connection.ts).

const holder = globalThis as typeof globalThis & {
  marginConnection?: Connection;
  marginWriter?: Connection;
  marginPostgres?: PostgresConnection;
  marginChangeListener?: ChangeListener;
};

/** The SQLite reading connection (SQLite only: its file, its pragmas). */
export function getConnection(): Connection {
  const { database } = loadConfig();
  if (database.kind !== 'sqlite') throw new Error('getConnection() on a PostgreSQL site');
  holder.marginConnection ??= openDatabase(database.path);
  return holder.marginConnection;
}

/** The PostgreSQL pool (PostgreSQL only). */
export function getPostgres(): PostgresConnection {
  const { database } = loadConfig();
  if (database.kind !== 'postgres') throw new Error('getPostgres() on an SQLite site');
  holder.marginPostgres ??= openPostgres(database.url);
  return holder.marginPostgres;
}

/** PostgreSQL's listening connection, one per process (db/postgres/change-listener.ts). */
export function getChangeListener(): ChangeListener {
  const { database } = loadConfig();
  if (database.kind !== 'postgres') throw new Error('getChangeListener() on an SQLite site');
  holder.marginChangeListener ??= listenForChanges(database.url);
  return holder.marginChangeListener;
}

/** The handle for queries outside a write: SQLite's reading connection, or the PostgreSQL pool. */
export function getDb(): Db {
  return databaseKind === 'postgres' ? getPostgres().db : getConnection().db;
}

/** Opens the database now (migrations, launch article), rather than at the first query. */
export async function openDataLayer(): Promise<void> {
  const { database } = loadConfig();
  if (database.kind === 'postgres') await readyOrExplain(getPostgres(), database.url);
  else getConnection();
}

/** Closes this process's connections (tests; a later query opens them again). */
export async function closeDataLayer(): Promise<void> {
  const { marginConnection, marginWriter, marginPostgres, marginChangeListener } = holder;
  holder.marginConnection = holder.marginWriter = holder.marginPostgres = holder.marginChangeListener = undefined;
  marginWriter?.sqlite.close();
  marginConnection?.sqlite.close();
  await marginChangeListener?.close();
  await marginPostgres?.pool.end();
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
 * write's handle inside a write; the reading connection's is the default. On PostgreSQL `.prepare()`
 * without a name makes an unnamed statement: built once per handle, parsed by the server each time.
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

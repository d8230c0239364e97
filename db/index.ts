import 'server-only';
import { loadConfig } from '@/lib/config';
import { openDatabase, type Connection } from './connection';

// One handle per server process, kept on globalThis so dev reloads do not open more.
const holder = globalThis as typeof globalThis & { marginConnection?: Connection };

export function getConnection(): Connection {
  holder.marginConnection ??= openDatabase(loadConfig().databasePath);
  return holder.marginConnection;
}

export function getDb() {
  return getConnection().db;
}

type Db = Connection['db'];

/**
 * A query built and compiled once per connection, then only run: drizzle's query building and
 * SQLite's compiling cost more than running the small queries behind every comment post.
 */
export function preparedQuery<Query>(build: (db: Db) => Query): () => Query {
  let made: { db: Db; query: Query } | undefined;
  return () => {
    const db = getDb();
    if (made?.db !== db) made = { db, query: build(db) };
    return made.query;
  };
}

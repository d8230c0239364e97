import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './sqlite/schema';
import { launchArticleRow } from './seed';
import type { Db } from './handle';

// No `server-only` here: migrations, seeding, scripts and unit tests open their own handle with this.

export type Connection = { db: Db; sqlite: Database.Database };

const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');

/** A connection with Margin's settings, on a database that exists and is migrated (db/writer.ts). */
export function connect(file: string): Connection {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  keepPrivate(file);
  const sqlite = new Database(file);
  // The busy timeout first, so that the other pragmas wait for another process instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  return { db: drizzle({ client: sqlite, schema }), sqlite };
}

/**
 * The database holds every commenter's email and address: readable by the server's own user only.
 * A new file is made 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same
 * mode); one that others could read, from an older version, is narrowed.
 */
function keepPrivate(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    const stat = fs.statSync(part, { throwIfNoEntry: false });
    if (stat && stat.mode & 0o077 && stat.uid === process.getuid?.()) fs.chmodSync(part, stat.mode & 0o700);
  }
}

/** Opens (creating if need be) the database: migrations applied, launch article in place. */
export function openDatabase(file: string): Connection {
  const { db, sqlite } = connect(file);
  refuseNewerSchema(sqlite);
  migrateOnce(db);
  db.insert(schema.articles).values(launchArticleRow()).onConflictDoNothing({ target: schema.articles.slug }).run();
  return { db, sqlite };
}

/** The database was migrated by a newer Margin than this one: its code cannot trust the tables. */
export class NewerSchemaError extends Error {}

/**
 * A server never runs against a schema newer than its code (an older server started beside a newer
 * one, or an old release restored over a migrated database): the newest migration applied must be
 * one this code knows.
 */
function refuseNewerSchema(sqlite: Database.Database): void {
  const journal = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!journal) return;
  const applied = Number(sqlite.prepare('select max(created_at) from __drizzle_migrations').pluck().get() ?? 0);
  const known = newestKnownMigration();
  if (applied > known) {
    throw new NewerSchemaError(
      `the database ${sqlite.name} was changed by a newer version of Margin (migration of ${new Date(applied).toISOString()}; ` +
        `this version knows migrations up to ${new Date(known).toISOString()}). Start the newer version, or restore a backup taken before it.`,
    );
  }
}

/** The time of the newest SQLite migration this code has (db/migrations/meta/_journal.json). */
export function newestKnownMigration(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(0, ...journal.entries.map((entry) => entry.when));
}

/**
 * Two processes opening a new database at once can both decide to migrate; the loser fails on a
 * table that now exists. Trying again finds the migrations applied.
 */
function migrateOnce(db: Db, attempts = 3): void {
  try {
    migrate(db, { migrationsFolder });
  } catch (error) {
    if (attempts <= 1) throw error;
    migrateOnce(db, attempts - 1);
  }
}

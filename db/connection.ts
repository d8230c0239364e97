import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { seedLaunchArticle } from './seed';
import type { Db } from './handle';

// No `server-only` here: migrations, seeding, scripts and unit tests open their own handle with this.

export type Connection = { db: Db; sqlite: Database.Database };

const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');

export function openDatabase(file: string): Connection {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // The busy timeout first, so that the other pragmas wait for another process instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle({ client: sqlite, schema });
  migrateOnce(db);
  seedLaunchArticle(db);
  return { db, sqlite };
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

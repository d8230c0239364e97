import fs from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import { NewerSchemaError } from '../connection';

// PostgreSQL's migrations, applied by one process at a time: two copies, or servers starting
// together, would otherwise both find a migration missing and both apply it.

const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations-postgres');

/** One connection: an advisory lock belongs to the session that took it. */
export type PostgresClient = pg.Client | pg.PoolClient;

/** The advisory lock every Margin process takes to migrate ('Marg' in ASCII). */
export const migrationLockKey = 0x4d617267;

/**
 * Runs `work` holding the migration lock on this client's session. Session-level advisory locks
 * nest, so `work` may call migratePostgres on the same client.
 */
export async function withMigrationLock<T>(client: PostgresClient, work: () => Promise<T>): Promise<T> {
  await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
  const unlock = () => client.query('select pg_advisory_unlock($1)', [migrationLockKey]);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // A lost connection has released the lock already: the work's error is the one to report.
    await unlock().catch(() => {});
    throw error;
  }
  await unlock();
  return result;
}

/** Applies db/migrations-postgres that are not applied yet, under the migration lock. */
export async function migratePostgres(client: PostgresClient): Promise<void> {
  await withMigrationLock(client, async () => {
    await refuseNewerSchema(client);
    await migrate(drizzle({ client }), { migrationsFolder });
  });
}

/**
 * As on SQLite (db/connection.ts): never run against a schema newer than this code, such as an
 * older server started beside a newer one. drizzle records each migration's time in
 * drizzle.__drizzle_migrations.
 */
async function refuseNewerSchema(client: PostgresClient): Promise<void> {
  const journalTable = await client.query<{ present: boolean }>("select to_regclass('drizzle.__drizzle_migrations') is not null as present");
  if (!journalTable.rows[0]?.present) return;
  const { rows } = await client.query<{ applied: string | null }>('select max(created_at)::text as applied from drizzle.__drizzle_migrations');
  const applied = Number(rows[0]?.applied ?? 0);
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const known = Math.max(0, ...journal.entries.map((entry) => entry.when));
  if (applied > known) {
    throw new NewerSchemaError(
      `the PostgreSQL database was changed by a newer version of Margin (migration of ${new Date(applied).toISOString()}; ` +
        `this version knows migrations up to ${new Date(known).toISOString()}). Start the newer version, or restore a backup taken before it.`,
    );
  }
}

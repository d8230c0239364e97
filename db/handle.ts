import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './sqlite/schema';

/** A drizzle handle on Margin's database. */
export type Db = BetterSQLite3Database<typeof schema>;

/**
 * How many rows a write without `returning` changed: better-sqlite3 says `changes`, node-postgres
 * `rowCount`.
 */
export function changedRows(result: unknown): number {
  const { changes, rowCount } = (result ?? {}) as { changes?: number; rowCount?: number | null };
  return Number(changes ?? rowCount ?? 0);
}

import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema';

/** A drizzle handle on Margin's database. */
export type Db = BetterSQLite3Database<typeof schema>;

import type { DatabaseSetting } from '@/lib/config';
import { openDatabase } from './connection';
import type { Db } from './handle';
import { openPostgres, readyOrExplain } from './postgres/connection';

// Commands run beside the servers (`npm run accounts`) open the site's database here: either kind,
// migrated and seeded as a server would, and closed when they are done. No `server-only`: scripts.

export type ScriptDatabase = { db: Db; close(): Promise<void> };

export async function openForScript(database: DatabaseSetting): Promise<ScriptDatabase> {
  if (database.kind === 'sqlite') {
    const { db, sqlite } = openDatabase(database.path);
    return { db, close: async () => void sqlite.close() };
  }
  const postgres = openPostgres(database.url, 2);
  try {
    await readyOrExplain(postgres, database.url);
  } catch (error) {
    await postgres.pool.end();
    throw error;
  }
  return { db: postgres.db, close: () => postgres.pool.end() };
}

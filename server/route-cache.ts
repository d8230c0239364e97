import fs from 'node:fs';
import path from 'node:path';
import { databaseLabel, type DatabaseSetting } from '../lib/config';
import { routeCacheFolder } from './next-internals';

// Next keeps the pages it renders in .next/server/route-cache across restarts. They belong to one
// database: a new or different database must not be served another one's pages.

/**
 * Empties Next's route cache unless it was filled from this same database: the same existing
 * SQLite file, or the same PostgreSQL address (its password aside). A PostgreSQL database dropped
 * and made again under the same address cannot be told apart from here (the serving edge reads no
 * database): after that, start once with the build folder's route cache removed.
 */
export function forgetPagesOfAnotherDatabase(buildFolder: string, database: DatabaseSetting): boolean {
  const cache = routeCacheFolder(buildFolder);
  const marker = `${cache}.database`;
  const identity = databaseLabel(database);
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  const exists = database.kind === 'postgres' || fs.existsSync(database.path);
  const known = exists && fs.readFileSync(marker, { encoding: 'utf8', flag: 'a+' }) === identity;
  if (!known) fs.rmSync(cache, { recursive: true, force: true });
  fs.writeFileSync(marker, identity);
  return !known;
}

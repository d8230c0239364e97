import fs from 'node:fs';
import path from 'node:path';
import { routeCacheFolder } from './next-internals';

// Next keeps the pages it renders in .next/server/route-cache across restarts. They belong to one
// database: a new or different database file must not be served another one's pages.

/** Empties Next's route cache unless it was filled from this same, existing database file. */
export function forgetPagesOfAnotherDatabase(buildFolder: string, databasePath: string): boolean {
  const cache = routeCacheFolder(buildFolder);
  const marker = `${cache}.database`;
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  const known = fs.existsSync(databasePath) && fs.readFileSync(marker, { encoding: 'utf8', flag: 'a+' }) === databasePath;
  if (!known) fs.rmSync(cache, { recursive: true, force: true });
  fs.writeFileSync(marker, databasePath);
  return !known;
}

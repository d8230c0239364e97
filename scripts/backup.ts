import { parseArgs } from 'node:util';
import path from 'node:path';
import { ConfigError, databaseLabel, loadConfig } from '../lib/config';
import { BackupError, backUp, defaultBackupFile } from '../db/backup';
import { log, progress } from './bench/ui';

// `npm run backup [-- --to FILE]`: an online copy of the site's database (db/backup.ts), made while
// the servers run, checked, and readable by its owner only.

const usage = 'Usage: npm run backup [-- --to FILE]   (default: the data folder\u2019s backups/margin-TIME.db or .dump)';

function fail(message: string): never {
  console.error(`backup: ${message}`);
  process.exit(1);
}

let values;
let config;
try {
  ({ values } = parseArgs({ options: { to: { type: 'string' } } }));
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError || error instanceof TypeError) fail(`${error.message}\n${usage}`);
  throw error;
}
const file = path.resolve(values.to ?? defaultBackupFile(config.dataDirectory, config.database));
log(`backup: ${databaseLabel(config.database)} → ${file}`);
let bar: ReturnType<typeof progress> | undefined;
try {
  const report = await backUp(config.database, file, (done, total) => {
    bar ??= progress('copying pages', total);
    bar.update(done);
  });
  bar?.done();
  log(`backup: ${(report.bytes / 1e6).toFixed(1)} MB in ${report.seconds.toFixed(1)} s; ${report.checked}. Readable by this user only.`);
} catch (error) {
  if (error instanceof BackupError) fail(error.message);
  throw error;
}

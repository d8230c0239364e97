import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { DatabaseSetting } from '@/lib/config';
import { findPostgresBin } from './postgres/throwaway-cluster';

// `npm run backup`: an online, consistent copy of the site's database while the servers run and
// readers post. SQLite: its backup API, page by page from one moment, then `integrity_check` on the
// copy. PostgreSQL: pg_dump's custom format (one snapshot), then pg_restore --list reads it back.
// Either way the copy holds every commenter's email: it is made readable by its owner only.

const run = promisify(execFile);

export class BackupError extends Error {}

export type BackupReport = { file: string; bytes: number; seconds: number; checked: string };

/** Where a backup goes by default: the data folder's backups/, named by the time (UTC). */
export function defaultBackupFile(dataDirectory: string, database: DatabaseSetting, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return path.join(dataDirectory, 'backups', `margin-${stamp}.${database.kind === 'sqlite' ? 'db' : 'dump'}`);
}

export async function backUp(
  database: DatabaseSetting,
  file: string,
  progress?: (done: number, total: number) => void,
): Promise<BackupReport> {
  const started = performance.now();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) throw new BackupError(`${file} exists already: choose another file, nothing was written.`);
  // Made private before any byte is written into it.
  fs.closeSync(fs.openSync(file, 'wx', 0o600));
  try {
    const checked = database.kind === 'sqlite' ? await backUpSqlite(database.path, file, progress) : await backUpPostgres(database.url, file);
    return { file, bytes: fs.statSync(file).size, seconds: (performance.now() - started) / 1000, checked };
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
}

async function backUpSqlite(source: string, file: string, progress?: (done: number, total: number) => void): Promise<string> {
  if (!fs.existsSync(source)) throw new BackupError(`there is no database at ${source}.`);
  const sqlite = new Database(source, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    await sqlite.backup(file, {
      progress({ totalPages, remainingPages }) {
        progress?.(totalPages - remainingPages, totalPages);
        // Pages a few at a time, so the servers' writes go on between the steps.
        return 1024;
      },
    });
  } finally {
    sqlite.close();
  }
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new BackupError(`the copy failed SQLite's integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
  return 'integrity_check ok';
}

/** Debian's newest PostgreSQL programs, or the ones on PATH (a machine with the client alone). */
function postgresProgram(name: 'pg_dump' | 'pg_restore'): string {
  try {
    return path.join(findPostgresBin(), name);
  } catch {
    return name;
  }
}

async function backUpPostgres(url: string, file: string): Promise<string> {
  // The password goes by the environment, not the command line that `ps` shows.
  const address = new URL(url);
  const password = decodeURIComponent(address.password);
  address.password = '';
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  try {
    await run(postgresProgram('pg_dump'), ['--format=custom', '--file', file, '--dbname', address.toString()], { env });
    const { stdout } = await run(postgresProgram('pg_restore'), ['--list', file]);
    const entries = stdout.split('\n').filter((line) => /^\d+;/.test(line)).length;
    return `pg_restore reads ${entries} entries`;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new BackupError(`pg_dump could not copy the database: ${stderr || (error as Error).message}`);
  }
}

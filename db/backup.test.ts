import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { addTestArticle, addTestComment, openTemporaryDatabase, runSql, sqlRows, testDatabaseKind } from '@/db/test-database';

// `npm run backup` while readers post: a copy from one moment, that its database reads back whole.

await openTemporaryDatabase('backup');
const { backUp, BackupError, defaultBackupFile } = await import('./backup');
const { loadConfig } = await import('@/lib/config');
const { findPostgresBin } = await import('./postgres/throwaway-cluster');

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-backup-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

const commentCount = async () => Number((await sqlRows<{ n: number }>(sql`select count(*) as n from comments`))[0]!.n);

/** The comments a backup holds, read back by its own database. */
async function commentsInCopy(file: string): Promise<number> {
  if (testDatabaseKind === 'sqlite') {
    const copy = new Database(file, { readonly: true });
    try {
      return (copy.prepare('select count(*) as n from comments').get() as { n: number }).n;
    } finally {
      copy.close();
    }
  }
  const restored = `restored_${process.pid}`;
  await runSql(sql.raw(`create database ${restored}`));
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${restored}`;
  try {
    const bin = findPostgresBin();
    execFileSync(path.join(bin, 'pg_restore'), ['--no-owner', '--dbname', url.href, file], { stdio: 'pipe' });
    return Number(execFileSync(path.join(bin, 'psql'), ['-At', url.href, '-c', 'select count(*) from comments'], { encoding: 'utf8' }).trim());
  } finally {
    await runSql(sql.raw(`drop database ${restored} with (force)`));
  }
}

describe('npm run backup', () => {
  test('a copy made while comments are being posted is whole, from one moment, and private', async () => {
    const articleId = await addTestArticle({ slug: 'backed-up' });
    for (let i = 0; i < 300; i++) await addTestComment({ articleId, body: `before ${i} ${'words '.repeat(40)}` });
    const before = await commentCount();
    let posting = true;
    const posts = (async () => {
      for (let i = 0; posting; i++) await addTestComment({ articleId, body: `during ${i}` });
    })();
    const file = path.join(folder, `copy.${testDatabaseKind === 'sqlite' ? 'db' : 'dump'}`);
    const steps: number[] = [];
    const report = await backUp(loadConfig().database, file, (done) => steps.push(done));
    posting = false;
    await posts;
    const afterwards = await commentCount();
    assert.ok(afterwards > before, 'posting went on during the copy');
    const copied = await commentsInCopy(file);
    assert.ok(copied >= before && copied <= afterwards, `the copy holds ${copied}, between ${before} and ${afterwards}`);
    assert.match(report.checked, testDatabaseKind === 'sqlite' ? /^integrity_check ok$/ : /^pg_restore reads \d+ entries$/);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    if (testDatabaseKind === 'sqlite') assert.ok(steps.length > 0, 'progress is reported');
  });

  test('an existing file is never overwritten', async () => {
    const file = path.join(folder, 'taken');
    fs.writeFileSync(file, 'keep me');
    await assert.rejects(backUp(loadConfig().database, file), BackupError);
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep me');
  });

  test('by default a backup goes to the data folder, named by the time', () => {
    const file = defaultBackupFile('/srv/data', { kind: 'sqlite', path: '/srv/data/margin.db' }, new Date('2026-12-02T11:58:07.123Z'));
    assert.equal(file, '/srv/data/backups/margin-20261202T115807Z.db');
  });
});

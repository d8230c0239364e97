import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/**
 * For unit tests: points the data layer at a new SQLite file in a temporary folder, removed after
 * the test file. Call before the first query (the connection opens on first use).
 */
export function openTemporaryDatabase(label: string): void {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), `margin-${label}-`));
  process.env.DATABASE_URL = `file:${folder}/margin.db`;
  process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
  after(async () => {
    const { getConnection, getWriterConnection } = await import('@/db/index');
    getWriterConnection().sqlite.close();
    getConnection().sqlite.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
}

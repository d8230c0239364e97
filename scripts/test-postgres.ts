import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startThrowawayPostgres } from '../db/postgres/throwaway-cluster';

// `npm run test:unit:postgres [files…]`: the data layer's unit tests on PostgreSQL. One throwaway
// server for the run; each test file makes a database of its own on it (db/test-database.ts).
// Without files: every test file in db/, and alsoOnPostgres.

/**
 * Test files that are about SQLite itself, left out of the PostgreSQL run, with why; the parity of
 * the two schemas is db/postgres/schema.test.ts's.
 */
const sqliteOnly: Record<string, string> = {
  'db/connection.test.ts': 'the SQLite file: pragmas, permissions, migrations racing, a newer schema refused',
  'db/comment-counts.test.ts': "SQLite's queue-count triggers (PostgreSQL's are checked by db/postgres/schema.test.ts)",
  'db/query-plans.test.ts': "SQLite's query plans (PostgreSQL's: db/postgres/query-plans.test.ts)",
};

/** Tests outside db/ that depend on the database's kind: several servers sharing their page changes. */
const alsoOnPostgres = ['app/_lib/shared-invalidation.test.ts'];

const given = process.argv.slice(2);
const files =
  given.length > 0
    ? given
    : fs
        .readdirSync('db', { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.test.ts'))
        .map((file) => path.join('db', file))
        .filter((file) => !(file in sqliteOnly))
        .sort()
        .concat(alsoOnPostgres);
if (given.length === 0) {
  for (const [file, why] of Object.entries(sqliteOnly)) console.log(`test:unit:postgres: leaves out ${file}: ${why}`);
}
const cluster = await startThrowawayPostgres();
let code = 1;
try {
  const args = ['--conditions=react-server', '--import', 'tsx', '--test', '--test-reporter=spec'];
  const child = spawn(process.execPath, [...args, ...files], {
    stdio: 'inherit',
    env: { ...process.env, MARGIN_TEST_DATABASE: 'postgres', MARGIN_TEST_POSTGRES_URL: cluster.url },
  });
  code = await new Promise<number>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
} finally {
  await cluster.stop();
}
process.exit(code);

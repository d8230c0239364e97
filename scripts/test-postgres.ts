import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startThrowawayPostgres } from '../db/postgres/throwaway-cluster';

// `npm run test:unit:postgres [files…]`: the data layer's unit tests on PostgreSQL. One throwaway
// server for the run; each test file makes a database of its own on it (db/test-database.ts).
// Without files: every test file in db/.

const given = process.argv.slice(2);
const files =
  given.length > 0
    ? given
    : fs
        .readdirSync('db', { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.test.ts'))
        .map((file) => path.join('db', file))
        .sort();
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

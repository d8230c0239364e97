import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startThrowawayPostgres } from '../db/postgres/throwaway-cluster';

// `npm run test:e2e:postgres [playwright args…]`: the whole e2e suite against the production server
// on PostgreSQL (after a build). A throwaway server for the run, so it begins from an empty
// database, and a new data folder; Playwright's config reads them from MARGIN_E2E_*.

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-e2e-postgres-'));
const cluster = await startThrowawayPostgres();
let code = 1;
try {
  const child = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MARGIN_E2E_DATABASE: 'postgres', MARGIN_E2E_POSTGRES_URL: cluster.url, E2E_DATA_DIR: dataDirectory },
  });
  code = await new Promise<number>((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
} finally {
  await cluster.stop();
  fs.rmSync(dataDirectory, { recursive: true, force: true });
}
process.exit(code);

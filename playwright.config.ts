import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/support/chromium';

// The real production server (built beforehand by `npm test`) on a throwaway database: an SQLite
// file by default; with MARGIN_E2E_DATABASE=postgres, the PostgreSQL server that
// `npm run test:e2e:postgres` (scripts/test-e2e-postgres.ts) started for the run.
const port = Number(process.env.E2E_PORT ?? 3917);
export const e2eOnPostgres = process.env.MARGIN_E2E_DATABASE === 'postgres';
export const e2eDataDirectory = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `margin-e2e-${port}`);
export const e2eDatabase = path.join(e2eDataDirectory, 'margin.db');
const postgresUrl = process.env.MARGIN_E2E_POSTGRES_URL;
if (e2eOnPostgres && !postgresUrl) {
  throw new Error('MARGIN_E2E_DATABASE=postgres needs MARGIN_E2E_POSTGRES_URL: run `npm run test:e2e:postgres`.');
}
export const e2eDatabaseUrl = e2eOnPostgres ? postgresUrl! : `file:${e2eDatabase}`;
/** On PostgreSQL every server needs the same secret; on SQLite the server makes one in its data folder. */
export const e2ePostgresAuthSecret = 'e2e-only-secret-of-the-postgres-run-0123456789';

/** The test SMTP server e2e/email.spec.ts runs in its own process (lib/test-smtp.ts): the servers send there. */
export const e2eSmtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 1000);

/** What a Margin server of the suite runs with, on `serverPort`. */
export function e2eServerEnv(serverPort: number): Record<string, string> {
  return {
    PORT: String(serverPort),
    DATABASE_URL: e2eDatabaseUrl,
    SITE_URL: `http://127.0.0.1:${serverPort}`,
    NEXT_TELEMETRY_DISABLED: '1',
    SMTP_URL: `smtp://127.0.0.1:${e2eSmtpPort}`,
    MAIL_FROM: 'Margin <news@margin.test>',
    ...(e2eOnPostgres ? { DATA_DIR: e2eDataDirectory, AUTH_SECRET: e2ePostgresAuthSecret } : {}),
  };
}

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  globalSetup: './e2e/support/global-setup.ts',
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    ...devices['Desktop Chrome'],
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'e2e', dependencies: ['setup'] },
  ],
  webServer: {
    // Each run starts from an empty database (on PostgreSQL, a new server's): the server migrates
    // it, adds the launch article and forgets pages cached from another database.
    command: `rm -rf '${e2eDataDirectory}' && node scripts/start.mjs`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: e2eServerEnv(port),
  },
});

import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/support/chromium';

// The real production server (built beforehand by `npm test`) on a throwaway SQLite file.
const port = Number(process.env.E2E_PORT ?? 3917);
export const e2eDataDirectory = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `margin-e2e-${port}`);
export const e2eDatabase = path.join(e2eDataDirectory, 'margin.db');

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
    // Each run starts from an empty database: the server migrates it, adds the launch article and
    // forgets pages cached from another database.
    command: `rm -rf '${e2eDataDirectory}' && node scripts/start.mjs`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      DATABASE_URL: `file:${e2eDatabase}`,
      SITE_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});

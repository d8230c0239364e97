import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { freePort } from './support/helpers';

// /healthz, for a load balancer, and the start's refusal of a database it cannot write. The failing
// database is a real SQLite file whose leases table refuses writes (a trigger), as a read-only or
// full disk would: root, which runs CI, writes read-only files all the same.

test('/healthz answers that this server can store comments, and is never cached', async ({ request }) => {
  for (let i = 0; i < 2; i++) {
    const answer = await request.get('/healthz');
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok' });
    expect(answer.headers()['cache-control']).toBe('no-store');
    expect(answer.headers()['x-margin-cache']).toBeUndefined();
  }
});

let folder: string;
let server: ChildProcess | undefined;
let output = '';
const database = () => path.join(folder, 'margin.db');

/** `npm start` on an SQLite file of this spec's own, in a process group of its own. */
function start(port: number): { exited: Promise<number | null> } {
  output = '';
  server = spawn(process.execPath, ['scripts/start.mjs'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${database()}`,
      DATA_DIR: '',
      AUTH_SECRET: '',
      SITE_URL: `http://127.0.0.1:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { exited: new Promise((resolve) => server!.once('exit', (code) => resolve(code))) };
}

test.beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-health-'));
});
test.afterAll(() => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  fs.rmSync(folder, { recursive: true, force: true });
});

test('npm start starts the server again when it dies, says so, and stops whole on SIGTERM', async ({ request }) => {
  test.setTimeout(90_000);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { exited } = start(port);
  await expect(async () => expect((await request.get(`${base}/healthz`)).status()).toBe(200)).toPass({ timeout: 60_000 });
  const serving = execFileSync('ps', ['-o', 'pid=', '--ppid', String(server!.pid)], { encoding: 'utf8' }).trim();
  expect(serving).toMatch(/^\d+$/);
  process.kill(Number(serving), 'SIGKILL');
  await expect(async () => expect(output).toContain('margin: the server stopped unexpectedly (signal SIGKILL); starting it again')).toPass({ timeout: 10_000 });
  await expect(async () => expect((await request.get(`${base}/healthz`)).status()).toBe(200)).toPass({ timeout: 60_000 });
  const again = execFileSync('ps', ['-o', 'pid=', '--ppid', String(server!.pid)], { encoding: 'utf8' }).trim();
  expect(again).not.toBe(serving);
  process.kill(server!.pid!, 'SIGTERM');
  expect(await exited).toBe(0);
  expect(() => process.kill(Number(again), 0)).toThrow();
});

test.describe('a database that cannot be written', () => {
  test.skip(process.env.MARGIN_E2E_DATABASE === 'postgres', 'an SQLite file of its own, made to refuse writes');
  test.describe.configure({ mode: 'serial' });

  function refuseWrites(refuse: boolean) {
    const sqlite = new Database(database());
    sqlite.pragma('busy_timeout = 5000');
    if (refuse) {
      sqlite.exec(`create trigger refuse_insert before insert on leases begin select raise(abort, 'disk I/O error (test)'); end;
                   create trigger refuse_update before update on leases begin select raise(abort, 'disk I/O error (test)'); end;`);
    } else {
      sqlite.exec('drop trigger refuse_insert; drop trigger refuse_update;');
    }
    sqlite.close();
  }

  test('/healthz says 503 while writes fail, and 200 again once they work', async ({ request }) => {
    test.setTimeout(90_000);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { exited } = start(port);
    await expect(async () => expect((await request.get(`${base}/healthz`)).status()).toBe(200)).toPass({ timeout: 60_000 });
    refuseWrites(true);
    const failing = await request.get(`${base}/healthz`);
    expect(failing.status()).toBe(503);
    expect(await failing.json()).toEqual({ status: 'unavailable', problem: 'the database cannot be written' });
    refuseWrites(false);
    expect((await request.get(`${base}/healthz`)).status()).toBe(200);
    process.kill(server!.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
  });

  test('npm start refuses it in one plain line instead of serving errors', async () => {
    test.setTimeout(90_000);
    refuseWrites(true);
    const { exited } = start(await freePort());
    expect(await exited).toBe(1);
    expect(output).toMatch(/margin: the database .*margin\.db cannot be written \(disk I\/O error \(test\)\)\. Check its permissions and its disk\./);
    expect(output).not.toContain('ready at');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { e2eOnPostgres } from '../playwright.config';
import { clientAddressHeader } from '../server/client-stamp';
import { routeCacheFolder } from '../server/next-internals';
import { addBan, commentsByEmail, messages, postViaAction, send } from './support/abuse';
import { seedArticle, setSettings, type SeededArticle } from './support/db';
import { sqliteE2eDatabase, type E2eDatabase } from './support/e2e-database';
import { freePort, unique } from './support/helpers';

// Margin started the other way: a plain `next start` of the same build, without the serving edge
// (server/main.ts), on its own port and its own throwaway database. A client that names another
// address (in Margin's header, as a fake stamp, or in X-Forwarded-For) is still counted as the
// connection it comes from: bans, flood limits and the login throttle hold. And the Next
// behaviours the edge relies on (server/next-internals.ts), read from Next's own answers.

test.describe.configure({ mode: 'serial' });
test.skip(e2eOnPostgres, 'starts next on an SQLite file of its own; the PostgreSQL run serves through server/main.ts');

let server: ChildProcess;
let folder: string;
let base: string;
let sqlite: Database.Database;
let db: E2eDatabase;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-next-start-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(folder, 'server.log'), 'w');
  // In a process group of its own (detached), so that afterAll stops Next and anything it started.
  server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${path.join(folder, 'margin.db')}`,
      SITE_URL: base,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  for (let waited = 0; ; waited += 200) {
    const up = await send('GET', `${base}/api/form-token?article=1`).then((r) => r.status === 200, () => false);
    if (up) break;
    if (waited > 30_000 || server.exitCode !== null) {
      throw new Error(`next start did not come up:\n${fs.readFileSync(path.join(folder, 'server.log'), 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  sqlite = new Database(path.join(folder, 'margin.db'), { fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  db = sqliteE2eDatabase(sqlite);
  setSettings({ minSecondsBeforePost: 0, floodSeconds: 15, hourlyLimit: 10 }, db);
});

test.afterAll(async () => {
  sqlite?.close();
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    process.kill(-server.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  }
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

/** What a client sends to pass for another: Margin's header (plain or as a fake stamp) and X-Forwarded-For. */
function naming(address: string): Record<string, string>[] {
  return [
    { [clientAddressHeader]: address, 'X-Forwarded-For': address },
    { [clientAddressHeader]: `${address} ${'A'.repeat(43)}` },
    { 'X-Forwarded-For': `${address}, ${address}` },
  ];
}

function article(label: string): SeededArticle {
  return seedArticle({ label, publishedAt: new Date('2001-01-01T00:00:00Z') }, db);
}

async function post(to: SeededArticle, localAddress: string, headers: Record<string, string>) {
  const token = await send('GET', `${base}/api/form-token?article=${to.id}`, { localAddress });
  const email = `${unique('forger')}@example.com`;
  const response = await postViaAction(
    { slug: to.slug, path: `${base}${to.path}` },
    { comment: unique('Comment'), name: unique('Forger'), email, formToken: (JSON.parse(token.text) as { token: string }).token },
    { localAddress, headers: { Origin: base, ...headers } },
  );
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  return { text: response.text, stored: commentsByEmail(email, db).map((c) => ({ ip: c.ip, status: c.status, banned: c.held_reason === 'banned address' })) };
}

test('a client naming another address is still flood-limited as the connection it comes from', async () => {
  const story = article('forged-flood');
  const first = await post(story, '127.0.8.1', naming('198.51.100.7')[0]!);
  expect(first.text).toContain(messages.held);
  expect(first.stored).toEqual([{ ip: '127.0.8.1', status: 'pending', banned: false }]);
  for (const [n, headers] of naming('198.51.100.8').entries()) {
    const again = await post(story, '127.0.8.1', headers);
    expect(again.text, `forgery ${n}`).toContain(messages.flood);
    expect(again.stored).toEqual([]);
  }
  // Nor can a client pass for the limited one.
  const other = await post(story, '127.0.8.2', naming('127.0.8.1')[0]!);
  expect(other.text).toContain(messages.held);
  expect(other.stored).toEqual([{ ip: '127.0.8.2', status: 'pending', banned: false }]);
});

test('a ban on the real address holds whatever the headers say; a ban on the named one does not reach the sender', async () => {
  addBan({ kind: 'ip', value: '127.0.9.0', prefixBits: 24 }, db);
  addBan({ kind: 'ip', value: '198.51.100.11' }, db);
  const story = article('forged-ban');
  for (const [n, headers] of naming('198.51.100.10').entries()) {
    const banned = await post(story, `127.0.9.${n + 1}`, headers);
    expect(banned.stored).toEqual([{ ip: `127.0.9.${n + 1}`, status: 'spam', banned: true }]);
  }
  const innocent = await post(story, '127.0.8.4', naming('198.51.100.11')[0]!);
  expect(innocent.stored).toEqual([{ ip: '127.0.8.4', status: 'pending', banned: false }]);
});

/** One sign-in through next-auth's credentials callback; the `code` it redirects with. */
async function signIn(localAddress: string, headers: Record<string, string>): Promise<string | null> {
  const csrf = await send('GET', `${base}/api/auth/csrf`, { localAddress });
  const cookie = [csrf.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  const form = new URLSearchParams({
    csrfToken: (JSON.parse(csrf.text) as { csrfToken: string }).csrfToken,
    email: `${unique('nobody')}@example.com`,
    password: 'not the password',
  });
  const response = await send('POST', `${base}/api/auth/callback/credentials`, {
    localAddress,
    body: Buffer.from(form.toString()),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, ...headers },
  });
  expect(response.status).toBe(302);
  return new URL(String(response.headers.location)).searchParams.get('code');
}

test('the login throttle counts the connection, not the address a client names', async () => {
  const insert = sqlite.prepare('insert into login_failures (key, created_at) values (?, ?)');
  for (let i = 0; i < 20; i++) insert.run('client:127.0.8.5', Date.now());
  for (const headers of naming('198.51.100.12')) expect(await signIn('127.0.8.5', headers)).toBe('locked');
  expect(await signIn('127.0.8.6', naming('127.0.8.5')[0]!)).toBe('credentials');
});

test('what the serving edge relies on in Next holds (server/next-internals.ts)', async () => {
  const story = article('next-internals');
  const page = await send('GET', `${base}${story.path}`);
  expect(page.status).toBe(200);
  // 3 and 5: a page kept until revalidated, with the headers that go with its bytes.
  expect(page.headers['cache-control']).toBe('s-maxage=31536000');
  expect(page.headers['x-nextjs-prerender']).toBe('1');
  expect(page.headers['x-nextjs-stale-time']).toMatch(/^\d+$/);
  expect(page.headers.etag).toBeTruthy();
  expect((await send('GET', `${base}/`)).headers['cache-control']).toMatch(/^private, no-cache, no-store\b/);
  // 1: Next keeps the page on disk in .next/server/route-cache.
  const kept = () => fs.readdirSync(routeCacheFolder('.next'), { recursive: true }).some((file) => String(file).endsWith(`/${story.slug}.html`));
  await expect.poll(kept).toBe(true);
  // 2: a router request goes to the same path, told apart by its headers alone.
  let rsc = await send('GET', `${base}${story.path}`, { headers: { RSC: '1' } });
  if (rsc.status === 307) rsc = await send('GET', `${base}${rsc.headers.location}`, { headers: { RSC: '1' } });
  expect(rsc.status).toBe(200);
  expect(rsc.headers['content-type']).toMatch(/^text\/x-component/);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page, type Response } from '@playwright/test';
import { send, type HttpResult } from './support/abuse';
import { addAccount } from './support/accounts';
import { serverActions } from './support/actions';
import { seedArticle, seedComment, relaxedAbuseSettings, setSettings, type SeededArticle } from './support/db';
import { sqliteE2eDatabase } from './support/e2e-database';
import { fillReply, unique } from './support/helpers';
import { startSecondServer, type SecondServer } from './support/second-server';

// A site whose address is https://news.example, served here on 127.0.0.1: every redirect a reader
// and a moderator meet names SITE_URL (or is relative), whatever Host, X-Forwarded-Host and
// X-Forwarded-Proto the client sends. Its own server, database and data folder.

test.describe.configure({ mode: 'serial' });

const siteUrl = 'https://news.example';
const forgedHost = 'evil.example';
const forged = { Host: forgedHost, 'X-Forwarded-Host': forgedHost, 'X-Forwarded-Proto': 'http' };
const moderator = { email: 'address-mod@example.com', name: 'Ada Address', password: 'address-password-1' };

let server: SecondServer;
let folder: string;
let db: Database.Database;
let article: SeededArticle;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-site-address-'));
  const database = path.join(folder, 'margin.db');
  server = await startSecondServer({ database, siteUrl });
  db = new Database(database, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  setSettings(relaxedAbuseSettings, sqliteE2eDatabase(db));
  addAccount(moderator, 'moderator', { database });
  article = seedArticle({ label: 'site-address' }, sqliteE2eDatabase(db));
});

test.afterAll(async () => {
  db?.close();
  await server?.kill('SIGTERM');
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

/** A redirect target on the site: relative, or on SITE_URL; never this server's own address or a client's. */
function expectOnSite(location: string | undefined | null, where: string) {
  expect(location, `${where} redirects`).toBeTruthy();
  if (location!.startsWith('/') && !location!.startsWith('//')) return;
  expect(new URL(location!).origin, `${where} → ${location}`).toBe(siteUrl);
}

function at(pathname: string): string {
  return server.url + pathname;
}

function cookiesOf(result: HttpResult): string {
  return [result.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0]).join('; ');
}

function actionId(file: string, name: string): string {
  const action = serverActions([file]).find((entry) => entry.name === name);
  if (!action) throw new Error(`no ${name} in ${file}`);
  return action.id;
}

/** A server action called as the browser's fetch does it, from a page on the forged host. */
async function callAction(pathname: string, id: string, fields: Record<string, string>, args: unknown[], cookie = ''): Promise<HttpResult> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(`_1_${key}`, value);
  form.append('0', JSON.stringify([...args, '$K1']));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  return send('POST', at(pathname), {
    body,
    headers: {
      ...forged,
      Origin: `http://${forgedHost}`,
      'Content-Type': encoded.headers.get('content-type') ?? '',
      Accept: 'text/x-component',
      'Next-Action': id,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });
}

/** Every Location and action redirect the page meets while `flow` runs. */
async function redirectsDuring(page: Page, flow: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const record = (response: Response) => {
    const headers = response.headers();
    if (headers.location) seen.push(headers.location);
    if (headers['x-action-redirect']) seen.push(headers['x-action-redirect'].split(';')[0]!);
  };
  page.on('response', record);
  await flow();
  page.off('response', record);
  return seen;
}

test('an anonymous /admin visit, a comment permalink and a trailing slash redirect on SITE_URL', async () => {
  const commentId = seedComment({ articleId: article.id, name: unique('Permalink'), body: unique('Permalink body') }, sqliteE2eDatabase(db));

  const admin = await send('GET', at('/admin/articles/new'), { headers: forged });
  expect(admin.status).toBe(307);
  expect(admin.headers.location).toBe(`${siteUrl}/login?callbackUrl=%2Fadmin%2Farticles%2Fnew`);

  const permalink = await send('GET', at(`/comments/${commentId}`), { headers: forged });
  expect(permalink.status).toBe(307);
  expect(permalink.headers.location).toBe(`${siteUrl}${article.path}#comment-${commentId}`);

  for (const pathname of [`${article.path}/`, '/login/', `//articles/${article.slug}`]) {
    const slash = await send('GET', at(pathname), { headers: forged });
    expect(slash.status, pathname).toBe(308);
    expectOnSite(slash.headers.location, pathname);
  }
});

test('signing in and out, through the form action and through Auth.js, redirects on SITE_URL', async () => {
  const logIn = actionId('app/login/actions.ts', 'logIn');
  const signOut = actionId('app/login/actions.ts', 'signOutModerator');

  const signedIn = await callAction('/login', logIn, { email: moderator.email, password: moderator.password, callbackUrl: '/admin' }, [
    { status: 'idle' },
  ]);
  expect(signedIn.headers['x-action-redirect']).toMatch(new RegExp(`^${siteUrl}/admin;`));
  const session = cookiesOf(signedIn);
  expect(session).toContain('authjs.session-token=');

  const loginWhileSignedIn = await send('GET', at('/login?callbackUrl=%2Fadmin'), { headers: { ...forged, Cookie: session } });
  expect(loginWhileSignedIn.status).toBe(307);
  expectOnSite(loginWhileSignedIn.headers.location, '/login when signed in');

  const signedOut = await callAction('/admin', signOut, {}, [], session);
  expect(signedOut.headers['x-action-redirect']).toMatch(new RegExp(`^${siteUrl}/login;`));

  // Auth.js's own endpoints, as a form without JavaScript would post to them.
  const csrf = await send('GET', at('/api/auth/csrf'), { headers: forged });
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams({ csrfToken, ...fields }).toString());
  const formHeaders = (cookie: string) => ({ ...forged, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie });
  const callback = await send('POST', at('/api/auth/callback/credentials'), {
    body: form({ email: moderator.email, password: moderator.password, callbackUrl: '/admin' }),
    headers: formHeaders(cookiesOf(csrf)),
  });
  expect(callback.status).toBe(302);
  expect(callback.headers.location).toBe(`${siteUrl}/admin`);

  const endpointSession = `${cookiesOf(csrf)}; ${cookiesOf(callback)}`;
  const signout = await send('POST', at('/api/auth/signout'), { body: form({ callbackUrl: '/login' }), headers: formHeaders(endpointSession) });
  expect(signout.status).toBe(302);
  expect(signout.headers.location).toBe(`${siteUrl}/login`);

  const signinPage = await send('GET', at('/api/auth/signin'), { headers: forged });
  expectOnSite(signinPage.headers.location, '/api/auth/signin');
  expect(signinPage.headers.location).not.toContain(forgedHost);
});

test('posting a comment with JavaScript, as a raw action call with forged headers, redirects nowhere', async () => {
  const token = JSON.parse((await send('GET', at(`/api/form-token?article=${article.id}`))).text) as { token: string };
  const text = unique('Forged host post');
  const posted = await callAction(
    article.path,
    actionId('app/articles/[slug]/actions.ts', 'postComment'),
    { comment: text, name: 'Forged', email: `${unique('forged')}@example.com`, website: '', homepage: '', parentId: '', formToken: token.token },
    [article.slug, { status: 'idle' }],
  );
  expect(posted.status).toBe(200);
  expect(posted.headers.location).toBeUndefined();
  expect(posted.headers['x-action-redirect']).toBeUndefined();
  expect(db.prepare('select count(*) as n from comments where body = ?').get(text)).toEqual({ n: 1 });
});

for (const javaScriptEnabled of [true, false]) {
  test(`a reader posting ${javaScriptEnabled ? 'with' : 'without'} JavaScript meets only redirects on the site`, async ({ browser }) => {
    const context = await browser.newContext({
      javaScriptEnabled,
      extraHTTPHeaders: { 'X-Forwarded-Host': forgedHost, 'X-Forwarded-Proto': 'http' },
    });
    const page = await context.newPage();
    const text = unique(`Reader ${javaScriptEnabled ? 'script' : 'plain'}`);
    const redirects = await redirectsDuring(page, async () => {
      await page.goto(at(article.path));
      await fillReply(page, { comment: text, name: unique('Reader'), email: `${unique('reader')}@example.com` });
      await page.getByRole('button', { name: 'Post comment' }).click();
      await expect(page.getByText('Your comment is awaiting moderation.').first()).toBeVisible();
    });
    if (!javaScriptEnabled) expect(redirects.length).toBeGreaterThan(0);
    for (const location of redirects) {
      expectOnSite(location, 'posting');
      expect(location).not.toMatch(/localhost|127\.0\.0\.1|evil\.example/);
    }
    await context.close();
  });
}

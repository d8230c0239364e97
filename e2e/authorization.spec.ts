import fs from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { adminAccount, adminState, freshAccountContext, moderatorState, sessionCookieName } from './support/accounts';
import { e2eDb, tableSnapshot } from './support/e2e-database';
import { launchSlug, unique } from './support/helpers';
import { seedArticle } from './support/db';
import { newReader, openQueue, queueRow, seedHeldComment } from './support/queue';

// Every admin server action, called directly (as an attacker would, with the id from the build),
// must refuse callers without a live session of the right role, and leave the database as it was.

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };
type Manifest = { node: Record<string, ManifestEntry>; edge: Record<string, ManifestEntry> };

const adminOnlyFiles = ['app/admin/settings/actions.ts', 'app/admin/moderators/actions.ts', 'app/admin/reader-data/actions.ts'];
const surgeFiles = ['app/admin/surge/actions.ts'];
// The confirm page's action takes a signed moderation link instead of a session: a forged one is refused like no session.
const adminFiles = ['app/admin/actions.ts', ...adminOnlyFiles, ...surgeFiles, 'app/admin/account/actions.ts', 'app/admin/confirm/actions.ts'];

type Action = { id: string; file: string; name: string; paths: string[] };

function adminActions(): Action[] {
  const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as Manifest;
  return Object.entries({ ...manifest.edge, ...manifest.node })
    .filter(([, entry]) => entry.filename && adminFiles.includes(entry.filename))
    .map(([id, entry]) => ({
      id,
      file: entry.filename!,
      name: entry.exportedName!,
      // POST both to /admin and to each page whose bundle holds the action.
      paths: [...new Set(['/admin', ...Object.keys(entry.workers).map((worker) => `/${worker.replace(/^app\//, '').replace(/\/page$/, '')}`)])],
    }));
}

/** readerDataToken: an admin's signed look-up of the target comment's address (/admin/reader-data). */
type Target = { commentId: number; email: string; surgeId: number; surgeArticleId: number; readerDataToken: string };
type Body = { json: unknown[] } | { args: unknown[]; fields: Record<string, string | string[]> };
const idle = { status: 'idle' };

/** Arguments as the browser sends them: bound arguments first, then the form state and the form. */
function bodyFor(action: Action, target: Target): Body {
  const { commentId, email, surgeId, surgeArticleId } = target;
  switch (action.name) {
    case 'moderateComment':
      return { args: [idle, '$K1'], fields: { commentId: String(commentId), seenStatus: 'pending', intent: 'approve' } };
    case 'moderateSelected':
      return { args: ['pending', idle, '$K1'], fields: { intent: 'spam', ids: [String(commentId)] } };
    case 'saveCommentEdit':
      return { args: [idle, '$K1'], fields: { commentId: String(commentId), comment: 'Defaced by an attacker', name: 'Attacker', website: '' } };
    case 'postStaffReply':
      return { args: [idle, '$K1'], fields: { commentId: String(commentId), comment: 'Fake staff reply' } };
    case 'saveSettings':
      return {
        args: [idle, '$K1'],
        fields: {
          approvalPolicy: 'none',
          holdLinkCount: '100',
          moderationWords: '',
          disallowedWords: '',
          closeAfterDays: '',
          threadDepth: '1',
          commentsPerPage: '5',
          minSecondsBeforePost: '0',
          floodSeconds: '0',
          hourlyLimit: '10000',
          networkHourlyLimit: '10000',
          pendingPerMinute: '0',
          reportThreshold: '1',
          keepClientDetailsDays: '1',
          purgeSpamTrashDays: '1',
          ownEditMinutes: '0',
        },
      };
    case 'saveSiteSettingsForm':
      return { args: [idle, '$K1'], fields: { timeZone: 'Pacific/Kiritimati' } };
    case 'setCommentsOpen':
      return { json: [launchSlug, false] };
    case 'addModeratorAccount':
      return { args: [idle, '$K1'], fields: { name: 'Intruder', email: 'intruder@example.com', password: 'intruder-password', role: 'admin' } };
    case 'setAccountDisabled':
      return { json: [email, true] };
    case 'resetAccountPassword':
      return { args: [email, idle, '$K1'], fields: { password: 'taken-over-password' } };
    case 'banAuthor':
      return { args: [idle, '$K1'], fields: { target: 'ip:127.0.0.0', prefixBits: '8', days: 'never', note: 'Locked out' } };
    case 'liftBanById':
      return { json: [1] };
    case 'startSurge':
      return { args: [idle, '$K1'], fields: { kind: 'close', articleId: String(surgeArticleId), minutes: '1' } };
    case 'endSurge':
      return { json: [surgeId] };
    case 'saveHeldMailChoice':
      return { args: ['$K1'], fields: { heldMail: 'immediately' } };
    case 'confirmModeration':
      return { args: ['$K1'], fields: { token: `moderate.1.${commentId}.approve.99999999999999.${'0'.repeat(64)}` } };
    case 'lookUpReaderData':
      return { args: [idle, '$K1'], fields: { email: target.email } };
    case 'changeReaderDataAsAdmin':
      return { args: [idle, '$K1'], fields: { token: target.readerDataToken, change: 'delete', confirm: 'yes' } };
    default:
      throw new Error(`No attack written for ${action.file} ${action.name}: add one to this spec.`);
  }
}

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3917}`;

async function call(action: Action, path: string, body: Body, headers: Record<string, string>): Promise<number> {
  const common = { 'Next-Action': action.id, Origin: baseURL, Accept: 'text/x-component', ...headers };
  let init: RequestInit;
  if ('json' in body) {
    init = { method: 'POST', headers: { ...common, 'Content-Type': 'text/plain;charset=UTF-8' }, body: JSON.stringify(body.json) };
  } else {
    const form = new FormData();
    for (const [key, value] of Object.entries(body.fields)) for (const item of [value].flat()) form.append(`_1_${key}`, item);
    form.append('0', JSON.stringify(body.args));
    init = { method: 'POST', headers: common, body: form };
  }
  const response = await fetch(baseURL + path, { ...init, redirect: 'manual' });
  const text = await response.text();
  if (process.env.DEBUG_ACTIONS) console.log(action.name, path, response.status, text.slice(-300));
  return response.status;
}

function snapshot(): string {
  const tables = ['comments', 'users', 'settings', 'articles', 'moderation_log', 'bans', 'reports', 'surges', 'used_moderation_links'];
  return JSON.stringify(Object.fromEntries(tables.map((table) => [table, tableSnapshot(table)])));
}

function sessionCookieOf(state: { cookies: { name: string; value: string }[] }): string {
  const cookie = state.cookies.find((c) => c.name === sessionCookieName);
  if (!cookie) throw new Error('no session cookie in the stored state');
  return cookie.value;
}

function tamper(value: string): string {
  const middle = Math.floor(value.length / 2);
  const flip = (c: string) => (c === 'A' ? 'B' : 'A');
  return value.slice(0, middle) + flip(value[middle]!) + flip(value[middle + 1]!) + value.slice(middle + 2);
}

async function endedAdminCookie(browser: Browser): Promise<string> {
  const name = unique('Ended');
  const { context, page } = await freshAccountContext(browser, { email: `${name.toLowerCase()}@example.com`, name, password: `pw-${name}` }, 'admin');
  const value = sessionCookieOf(await context.storageState());
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await context.close();
  return value;
}

/** A contributor's live session: writes drafts, may not moderate, so may start or end no surge. */
async function contributorCookie(browser: Browser): Promise<string> {
  const name = unique('Writer');
  const { context } = await freshAccountContext(browser, { email: `${name.toLowerCase()}@example.com`, name, password: `pw-${name}` }, 'contributor');
  const value = sessionCookieOf(await context.storageState());
  await context.close();
  return value;
}

/** A surge in force on an article of its own, for End now to be refused on: every comment held for an hour. */
function seedSurge(articleId: number): number {
  const now = Date.now();
  return e2eDb().get<{ id: number }>(
    "insert into surges (kind, article_id, starts_at, ends_at, created_at) values ('hold', ?, ?, ?, ?) returning id",
    [articleId, new Date(now), new Date(now + 3_600_000), new Date(now)],
  )!.id;
}

/** What an admin's look-up of an address at /admin/reader-data puts in the page's address. */
async function readerDataLookUp(browser: Browser, email: string): Promise<string> {
  const context = await browser.newContext({ storageState: adminState });
  const page = await context.newPage();
  await page.goto('/admin/reader-data');
  await page.getByLabel('Reader’s email').fill(email);
  await page.getByRole('button', { name: 'Find their comments' }).click();
  await expect(page.getByText('1 comment written with')).toBeVisible();
  const token = new URL(page.url()).searchParams.get('token')!;
  await context.close();
  return token;
}

const subrequestHeaders = [
  'middleware:middleware:middleware:middleware:middleware',
  'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
  'proxy:proxy:proxy:proxy:proxy',
  'src/proxy:src/proxy:src/proxy:src/proxy:src/proxy',
];

test('every admin action refuses callers without the right live session, and the database stays unchanged', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const actions = adminActions();
  expect(actions.map((a) => a.name).sort()).toEqual(
    expect.arrayContaining(['moderateComment', 'moderateSelected', 'postStaffReply', 'saveCommentEdit', 'saveSettings', 'setCommentsOpen', 'addModeratorAccount', 'setAccountDisabled', 'resetAccountPassword', 'startSurge', 'endSurge', 'saveHeldMailChoice', 'confirmModeration'].sort()),
  );

  const reader = newReader('Target');
  seedHeldComment(reader);
  const commentId = e2eDb().get<{ id: number }>('select id from comments where author_name = ?', [reader.name])!.id;
  const surgeArticleId = seedArticle({ label: 'surge-authorization' }).id;
  const target: Target = {
    commentId,
    email: adminAccount.email,
    surgeId: seedSurge(surgeArticleId),
    surgeArticleId,
    readerDataToken: await readerDataLookUp(browser, reader.email),
  };

  const admin = sessionCookieOf(JSON.parse(fs.readFileSync(adminState, 'utf8')));
  const moderator = sessionCookieOf(JSON.parse(fs.readFileSync(moderatorState, 'utf8')));
  const ended = await endedAdminCookie(browser);
  const contributor = await contributorCookie(browser);
  const cookie = (value: string) => ({ Cookie: `${sessionCookieName}=${value}` });

  const callers: { label: string; headers: Record<string, string>; only?: string[] }[] = [
    { label: 'no session', headers: {} },
    { label: 'tampered admin cookie', headers: cookie(tamper(admin)) },
    { label: 'garbage cookie', headers: cookie('not-a-token') },
    { label: 'signed-out admin cookie', headers: cookie(ended) },
    { label: 'moderator (admin-only actions)', headers: cookie(moderator), only: adminOnlyFiles },
    { label: 'contributor (surge actions)', headers: cookie(contributor), only: surgeFiles },
    ...subrequestHeaders.flatMap((value) => [
      { label: `x-middleware-subrequest ${value}`, headers: { 'x-middleware-subrequest': value } },
      { label: `moderator + x-middleware-subrequest ${value}`, headers: { ...cookie(moderator), 'x-middleware-subrequest': value }, only: adminOnlyFiles },
    ]),
  ];

  const before = snapshot();
  const statuses: string[] = [];
  for (const caller of callers) {
    for (const action of actions) {
      if (caller.only && !caller.only.includes(action.file)) continue;
      for (const path of action.paths) {
        const status = await call(action, path, bodyFor(action, target), caller.headers);
        statuses.push(`${caller.label} → ${action.name} @ ${path}: ${status}`);
        expect.soft(status, `${caller.label} → ${action.name} @ ${path}`).toBeLessThan(500);
      }
    }
  }
  expect(statuses.length).toBeGreaterThan(50);
  expect(snapshot()).toBe(before);

  // Not the queue either: the comment is still pending and untouched.
  const moderatorContext = await browser.newContext({ storageState: moderatorState });
  const queue = await moderatorContext.newPage();
  await openQueue(queue, reader.name);
  await expect(queueRow(queue, reader.name)).toContainText(reader.comment);
  await expect(queueRow(queue, reader.name).getByText('History')).toHaveCount(0);
  await moderatorContext.close();

  // The control: the same requests with a real admin session do work, so the refusals above are real.
  const moderate = actions.find((a) => a.name === 'moderateComment')!;
  const close = actions.find((a) => a.name === 'setCommentsOpen')!;
  const db = e2eDb();
  try {
    await call(moderate, '/admin', bodyFor(moderate, target), cookie(admin));
    await call(close, '/admin/settings', bodyFor(close, target), cookie(admin));
    expect(db.get('select status from comments where id = ?', [commentId])).toEqual({ status: 'approved' });
    expect(db.get('select comments_open as open from articles where slug = ?', [launchSlug])).toEqual({ open: 0 });
  } finally {
    await call(close, '/admin/settings', { json: [launchSlug, true] }, cookie(admin));
  }
  // And a moderator may start and end a surge.
  const startSurge = actions.find((a) => a.name === 'startSurge')!;
  const endSurge = actions.find((a) => a.name === 'endSurge')!;
  await call(startSurge, '/admin/surge', bodyFor(startSurge, target), cookie(moderator));
  await call(endSurge, '/admin/surge', bodyFor(endSurge, target), cookie(moderator));
  expect(db.all('select kind, ended_by is not null as ended from surges where article_id = ? order by id', [surgeArticleId])).toEqual([
    { kind: 'hold', ended: 1 },
    { kind: 'close', ended: 0 },
  ]);
  db.run('update surges set ends_at = ?, end_handled_at = ? where article_id = ?', [new Date(), new Date(), surgeArticleId]);
  await page.goto('/');
});

test('/admin/reader-data and its downloads are for admins only', async ({ browser, page, request }) => {
  const reader = newReader('DataTarget');
  seedHeldComment(reader);
  const token = await readerDataLookUp(browser, reader.email);
  const download = `/admin/reader-data/download?token=${encodeURIComponent(token)}&format=json`;

  await page.goto('/admin/reader-data');
  await expect(page).toHaveURL(/\/login/);
  // The proxy sends a request without a session cookie to sign in; past it (any cookie), the route refuses itself.
  expect((await request.get(download, { maxRedirects: 0 })).headers()['location']).toContain('/login');
  expect((await request.get(download, { maxRedirects: 0, headers: { Cookie: `${sessionCookieName}=not-a-token` } })).status()).toBe(403);

  const moderator = await browser.newContext({ storageState: moderatorState });
  const moderatorPage = await moderator.newPage();
  await moderatorPage.goto(`/admin/reader-data?token=${encodeURIComponent(token)}`);
  await expect(moderatorPage).not.toHaveURL(/\/admin\/reader-data/);
  // Sent to the queue (where a moderator may see the comment anyway), never to the reader-data page.
  await expect(moderatorPage).toHaveURL(/\/admin\?notice=admins-only/);
  await expect(moderatorPage.getByRole('heading', { name: 'Reader data' })).toHaveCount(0);
  expect((await moderatorPage.request.get(download, { maxRedirects: 0 })).status()).toBe(403);
  await moderator.close();

  const admin = await browser.newContext({ storageState: adminState });
  const answer = await admin.request.get(download);
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain(reader.comment);
  await admin.close();
});

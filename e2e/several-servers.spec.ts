import { expect, test, type Page } from '@playwright/test';
import { setSettings, relaxedAbuseSettings, seedComment } from './support/db';
import { freshAccountContext, moderatorState } from './support/accounts';
import { commentsByEmail, freshFormToken, messages, postViaAction, seedOldArticle, type HttpResult } from './support/abuse';
import { unique } from './support/helpers';
import { startSecondServer, type SecondServer } from './support/second-server';

// Two Margin servers on one database (the SQLite file, or PostgreSQL with MARGIN_E2E_DATABASE=postgres)
// act as one site: the server Playwright started (A, the test's baseURL) and a second one started
// here (B), each with its own page cache and Next cache.
// An outside test once found an approval made on one still invisible on the other after 75 s.

test.describe.configure({ mode: 'serial' });

let serverB: SecondServer;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  serverB = await startSecondServer();
});

test.afterAll(async () => {
  await serverB?.kill('SIGTERM');
  setSettings(relaxedAbuseSettings);
});

/** B's copy of a public page, as a stranger's browser gets it: its HTML and where it came from. */
async function readOnB(path: string): Promise<{ html: string; cache: string | null }> {
  const response = await fetch(`${serverB.url}${path}`);
  return { html: await response.text(), cache: response.headers.get('x-margin-cache') };
}

/** Until B keeps the page in its page cache: the state in which a stale copy would show. */
async function keptOnB(path: string) {
  await expect.poll(async () => (await readOnB(path)).cache, { timeout: 15_000 }).toBe('HIT');
}

async function moderate(page: Page, search: string, tab: string, button: string) {
  await page.goto(`/admin?status=${tab}&q=${encodeURIComponent(search)}`);
  const row = page.getByRole('article', { name: search, exact: true });
  await row.getByRole('button', { name: button, exact: true }).click();
  await expect(row).toHaveCount(0);
}

test.describe('moderation on A reaches readers of B', () => {
  test.use({ storageState: moderatorState });

  test('an approval on A shows on B’s kept page within a second; trashing it there takes it off again', async ({ page }) => {
    const article = seedOldArticle('two-servers-approve');
    const name = unique('Held On A');
    const text = unique('Approved on one server, read on the other');
    seedComment({ articleId: article.id, name, body: text, status: 'pending' });
    await keptOnB(article.path);
    expect((await readOnB(article.path)).html).not.toContain(text);

    await moderate(page, name, 'pending', 'Approve');
    const approvedAt = Date.now();
    await expect.poll(async () => (await readOnB(article.path)).html, { timeout: 1_000, intervals: [50] }).toContain(text);
    test.info().annotations.push({ type: 'approve on A → public on B', description: `${Date.now() - approvedAt} ms` });

    await keptOnB(article.path);
    await moderate(page, name, 'approved', 'Trash');
    await expect.poll(async () => (await readOnB(article.path)).html, { timeout: 1_000, intervals: [50] }).not.toContain(text);
    // Its comment feed and the front page's count follow the same announcement.
    expect(await (await fetch(`${serverB.url}${article.path}/comments.xml`)).text()).not.toContain(text);
  });
});

test('signed in on A is signed in on B; signing out on B ends the session on A', async ({ browser }) => {
  const account = { email: `${unique('two-servers')}@example.com`, name: unique('Two Servers'), password: 'two-servers-password-1' };
  const { context, page } = await freshAccountContext(browser, account, 'moderator');
  // Cookies belong to the host, not the port: the same browser carries the session to B.
  await page.goto(`${serverB.url}/admin`);
  await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});

function post(
  server: string,
  article: { id: number; slug: string; path: string },
  fields: { comment: string; name: string; email: string; formToken: string },
  localAddress: string,
): Promise<HttpResult> {
  return postViaAction({ slug: article.slug, path: `${server}${article.path}` }, fields, { localAddress, headers: { Origin: server } });
}

test('the same form sent to A and to B at once stores one comment, and both answers are its success', async ({ baseURL }) => {
  const article = seedOldArticle('two-servers-double');
  const fields = {
    comment: unique('Sent to both servers'),
    name: 'Twice Sent',
    email: `${unique('both')}@example.com`,
    formToken: await freshFormToken(article.id),
  };
  const answers = await Promise.all([post(baseURL!, article, fields, '127.0.7.1'), post(serverB.url, article, fields, '127.0.7.1')]);
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(messages.held);
  }
  expect(commentsByEmail(fields.email)).toHaveLength(1);
});

test('a flood across A and B is still a flood: the second post, to the other server, is refused', async ({ baseURL }) => {
  setSettings({ floodSeconds: 15, hourlyLimit: 10 });
  const article = seedOldArticle('two-servers-flood');
  const client = '127.0.7.2';
  const fields = async (label: string) => ({
    comment: unique(label),
    name: 'Quick Poster',
    email: `${unique(label)}@example.com`,
    formToken: await freshFormToken(article.id, client),
  });
  const first = await fields('flood-a');
  expect((await post(baseURL!, article, first, client)).text).toContain(messages.held);
  const second = await fields('flood-b');
  expect((await post(serverB.url, article, second, client)).text).toContain(messages.flood);
  expect(commentsByEmail(second.email)).toEqual([]);
  setSettings(relaxedAbuseSettings);
});

test('B killed with SIGKILL during a burst of posts: A keeps taking them, and every acknowledged comment is stored once', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const article = seedOldArticle('two-servers-kill');
  const run = unique('burst');
  const acknowledged: { email: string; body: string; server: 'A' | 'B'; at: number }[] = [];
  let killedAt = Infinity;
  let sent = 0;

  async function poster(index: number) {
    for (let round = 0; round < 15; round++) {
      const toB = (index + round) % 2 === 1 && killedAt === Infinity;
      const server = toB ? serverB.url : baseURL!;
      const fields = {
        comment: `${run} poster ${index} round ${round}`,
        name: `Poster ${index}`,
        email: `${run}-${index}-${round}@example.com`,
        formToken: await freshFormToken(article.id),
      };
      sent++;
      try {
        const answer = await post(server, article, fields, `127.0.8.${index + 1}`);
        if (answer.status === 200 && answer.text.includes(messages.held)) {
          acknowledged.push({ email: fields.email, body: fields.comment, server: toB ? 'B' : 'A', at: Date.now() });
        }
      } catch {
        // B died while this post was on its way: never acknowledged, so the reader would send it again.
      }
    }
  }

  const posters = Array.from({ length: 8 }, (_, index) => poster(index));
  await expect.poll(() => acknowledged.filter((a) => a.server === 'B').length, { timeout: 30_000 }).toBeGreaterThan(5);
  await serverB.kill('SIGKILL');
  killedAt = Date.now();
  await Promise.all(posters);

  expect(acknowledged.filter((a) => a.server === 'A' && a.at > killedAt).length).toBeGreaterThan(10);
  for (const { email, body } of acknowledged) {
    const stored = commentsByEmail(email);
    expect(stored, email).toHaveLength(1);
    expect(stored[0]!.body).toBe(body);
  }
  test.info().annotations.push({ type: 'burst', description: `${sent} sent, ${acknowledged.length} acknowledged, all stored once` });
});

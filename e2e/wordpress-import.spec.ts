import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { e2eServerEnv } from '../playwright.config';

// `npm run import -- wordpress` with the real WordPress export into the running site's database,
// then the old site's links, followed as a search engine or a reader would: each answers with a
// permanent redirect to the Margin page, and the page shows what the post said, without its script.

test.describe.configure({ mode: 'serial' });

let output = '';

test.beforeAll(() => {
  const env = { ...process.env, ...e2eServerEnv(Number(process.env.E2E_PORT ?? 3917)) };
  output = execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/import.ts', 'wordpress', 'db/import/fixtures/wordpress-6.1-export.xml'], {
    env,
    encoding: 'utf8',
    stdio: 'pipe',
  });
});

test('the import reports what it brought in', () => {
  expect(output).toContain('comments: 208 approved, 1 pending, 0 spam, 1 trash');
  expect(output).toMatch(/"About us": a page/);
});

test('old permalinks answer with a permanent redirect to the Margin address', async ({ request }) => {
  // An article's address is marked ?from=wordpress: its page reads a #comment-N the browser kept as WordPress's number.
  const cases: [string, string][] = [
    ['/?p=5', '/articles/steel-tariffs-loom-harbour?from=wordpress'],
    ['/2025/02/26/steel-tariffs-loom-harbour/', '/articles/steel-tariffs-loom-harbour?from=wordpress'],
    ['/2025/02/26/steel-tariffs-loom-harbour', '/articles/steel-tariffs-loom-harbour?from=wordpress'],
    ['/zelensky-guarantees-harbour', '/articles/zelensky-guarantees-harbour?from=wordpress'],
    ['/category/world/europe', '/sections/europe'],
    ['/tag/steel', '/tags/steel'],
  ];
  for (const [old, now] of cases) {
    // WordPress's trailing slash first meets Next's own permanent redirect to the address without it.
    let at = old;
    for (let hop = 0; hop < 2 && !at.startsWith(now); hop++) {
      const response = await request.get(at, { maxRedirects: 0 });
      expect(response.status(), at).toBe(308);
      const location = new URL(response.headers()['location']!, 'http://x');
      at = location.pathname + location.search;
    }
    expect(at, old).toBe(now);
  }
  expect((await request.get('/?p=999999', { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get('/2001/01/01/never-was', { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get('/')).status(), 'the front page itself is untouched').toBe(200);
});

test('a reader following an old link with a comment anchor lands on the Margin comment it became, its comments threaded, no script run', async ({ page }) => {
  await page.goto('/2025/02/26/steel-tariffs-loom-harbour/#comment-203');
  // WordPress's comment 203 is a Margin comment with an id of its own.
  await expect(page).toHaveURL(/\/articles\/steel-tariffs-loom-harbour#comment-\d+$/);
  const anchor = new URL(page.url()).hash;
  expect(anchor).not.toBe('#comment-203');
  await expect(page.locator(anchor).getByText('Amélie Dubois')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Steel tariffs loom as UK talks stall (Harbour)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What is at stake' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'an industry report' })).toHaveAttribute('href', 'https://example.org/report');
  await expect(page.getByText('Chart below')).toBeVisible();
  expect(await page.title()).not.toContain('pwned');
  await expect(page.getByText('محمد العربي').first()).toBeVisible();
  await expect(page.getByText('<b>Bold</b> & "quoted"').first()).toBeVisible();
  expect(await page.content()).not.toContain('owain.harbour@cymru.example');
});

test('an old anchor to a comment on an older comment page finds its page; an unknown number leaves the reader on the article', async ({ page }) => {
  await page.goto('/?p=4#comment-2');
  await expect(page).toHaveURL(/\/articles\/starmer-us-security-guarantee-ukraine(\/comments\/\d+)?#comment-\d+$/);
  const anchor = new URL(page.url()).hash;
  await expect(page.locator(anchor).getByText('Nils Costa')).toBeVisible();
  await expect(page.locator(anchor).getByText('Would welcome a follow-up piece. (#1)')).toBeVisible();

  await page.goto('/?p=5#comment-999999');
  await expect(page).toHaveURL(/\/articles\/steel-tariffs-loom-harbour#?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Steel tariffs loom as UK talks stall (Harbour)' })).toBeVisible();

  // The lookup itself: a 307 to the comment's place; a bad number or article is not found.
  const margin = await page.request.get('/comments/legacy/wordpress/203?article=steel-tariffs-loom-harbour', { maxRedirects: 0 });
  expect(margin.status()).toBe(307);
  expect(margin.headers()['location']).toMatch(/\/articles\/steel-tariffs-loom-harbour#comment-\d+$/);
  expect((await page.request.get('/comments/legacy/wordpress/203?article=Not%20a%20slug', { maxRedirects: 0 })).status()).toBe(404);
  expect((await page.request.get('/comments/legacy/wordpress/x1?article=steel-tariffs-loom-harbour', { maxRedirects: 0 })).status()).toBe(404);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an old anchor cannot be followed to its comment: the reader stays at the article', async ({ page }) => {
    await page.goto('/2025/02/26/steel-tariffs-loom-harbour/#comment-203');
    await expect(page).toHaveURL(/\/articles\/steel-tariffs-loom-harbour\?from=wordpress#comment-203$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Steel tariffs loom as UK talks stall (Harbour)' })).toBeVisible();
    await expect(page.getByText('Amélie Dubois').first()).toBeVisible();
  });
});

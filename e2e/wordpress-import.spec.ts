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
  const cases: [string, string][] = [
    ['/?p=5', '/articles/steel-tariffs-loom-harbour'],
    ['/2025/02/26/steel-tariffs-loom-harbour/', '/articles/steel-tariffs-loom-harbour'],
    ['/2025/02/26/steel-tariffs-loom-harbour', '/articles/steel-tariffs-loom-harbour'],
    ['/zelensky-guarantees-harbour', '/articles/zelensky-guarantees-harbour'],
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

test('a reader following an old link with a comment anchor lands on the article, its comments threaded, no script run', async ({ page }) => {
  await page.goto('/2025/02/26/steel-tariffs-loom-harbour/#comment-203');
  await expect(page).toHaveURL(/\/articles\/steel-tariffs-loom-harbour#?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Steel tariffs loom as UK talks stall (Harbour)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What is at stake' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'an industry report' })).toHaveAttribute('href', 'https://example.org/report');
  await expect(page.getByText('Chart below')).toBeVisible();
  expect(await page.title()).not.toContain('pwned');
  await expect(page.getByText('محمد العربي').first()).toBeVisible();
  await expect(page.getByText('<b>Bold</b> & "quoted"').first()).toBeVisible();
  expect(await page.content()).not.toContain('owain.harbour@cymru.example');
});

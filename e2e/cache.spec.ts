import { expect, test, type APIResponse } from '@playwright/test';
import { seedArticle } from './support/db';
import { adminState } from './support/accounts';
import { expectHeld, postReply, unique } from './support/helpers';

// Margin's page cache (server/edge.ts) names its own answers: x-margin-cache HIT from its cache,
// MISS when it asked Next. With MARGIN_PAGE_CACHE=off these tests fail.

const margin = (response: APIResponse) => response.headers()['x-margin-cache'];

test('the shared article page comes from the cache for everyone, its author included; a held comment does not invalidate it', async ({
  page,
  playwright,
}) => {
  const article = seedArticle({ label: 'cache' });
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });

  const first = await anonymous.get(article.path);
  expect(first.status()).toBe(200);
  expect(margin(first)).toBe('MISS');
  // Kept once compressed, a moment after the first answer.
  await expect.poll(async () => margin(await anonymous.get(article.path))).toBe('HIT');
  const second = await anonymous.get(article.path);
  expect(second.status()).toBe(200);
  expect(margin(second)).toBe('HIT');
  expect(second.headers()['x-nextjs-cache']).toBeUndefined();
  expect(second.headers()['set-cookie']).toBeUndefined();
  expect(await second.text()).toBe(await first.text());

  await page.goto(article.path);
  const held = unique('Held, not cached');
  await postReply(page, { comment: held, name: unique('Cache Poster'), email: `${unique('cache')}@example.com` });
  await expectHeld(page, held);

  const after = await anonymous.get(article.path);
  expect(margin(after)).toBe('HIT');
  expect(await after.text()).not.toContain(held);

  // The author gets the same cached page; their held comment comes from a request of their own.
  const own = await page.request.get(article.path);
  expect(margin(own)).toBe('HIT');
  expect(await own.text()).not.toContain(held);
  const mine = await page.request.get(`/api/held?article=${article.id}`);
  expect(mine.headers()['cache-control']).toBe('private, no-store');
  expect(await mine.text()).toContain(held);
  await page.reload();
  await expectHeld(page, held);
  expect(await (await anonymous.get(`/api/held?article=${article.id}`)).json()).toEqual({ comments: [], own: [] });

  // And the shared copy is still the cached one, without it.
  const again = await anonymous.get(article.path);
  expect(margin(again)).toBe('HIT');
  expect(await again.text()).not.toContain(held);
  await anonymous.dispose();
});

test('public pages tell shared caches how long to keep them; admin pages are private', async ({ playwright, browser }) => {
  const article = seedArticle({ label: 'shared-cache' });
  const baseURL = test.info().project.use.baseURL;
  const anonymous = await playwright.request.newContext({ baseURL });
  const shared = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';

  // Next answered the first request with s-maxage=31536000; caches in front get the short lifetime.
  const fromNext = await anonymous.get(article.path);
  expect(margin(fromNext)).toBe('MISS');
  expect(fromNext.headers()['cache-control']).toBe(shared);
  await expect.poll(async () => margin(await anonymous.get(article.path))).toBe('HIT');
  expect((await anonymous.get(article.path)).headers()['cache-control']).toBe(shared);
  // The front page too, rendered once and then served to everyone for a second.
  const front = await anonymous.get('/');
  expect(front.headers()['cache-control']).toBe(shared);
  expect(front.headers()['set-cookie']).toBeUndefined();
  // Kept once compressed, a moment after the first answer.
  await expect.poll(async () => margin(await anonymous.get('/'))).toBe('HIT');
  await anonymous.dispose();

  const admin = await browser.newContext({ baseURL, storageState: adminState });
  const queue = await admin.request.get('/admin');
  expect(queue.status()).toBe(200);
  expect(queue.headers()['cache-control']).toMatch(/\bprivate\b.*\bno-store\b/);
  await admin.close();
});

test('a HEAD request before any GET leaves the cached page whole', async ({ playwright }) => {
  const article = seedArticle({ label: 'head-first' });
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const head = await anonymous.head(article.path);
  expect(head.status()).toBe(200);
  for (let i = 0; i < 3; i++) {
    const page = await anonymous.get(article.path);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain(article.headline);
  }
  await anonymous.dispose();
});

test('a router request (RSC payload) for a cached page is answered by Next, never from the page cache', async ({ playwright }) => {
  const article = seedArticle({ label: 'rsc' });
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await anonymous.get(article.path);
  await expect.poll(async () => margin(await anonymous.get(article.path))).toBe('HIT');
  const html = await (await anonymous.get(article.path)).text();

  const routerRequests: Record<string, string>[] = [{ RSC: '1' }, { RSC: '1', 'Next-Router-Prefetch': '1' }];
  for (const headers of routerRequests) {
    const payload = await anonymous.get(article.path, { headers });
    expect(payload.status()).toBe(200);
    expect(margin(payload)).toBeUndefined();
    expect(payload.headers()['content-type']).toMatch(/^text\/x-component/);
    expect(await payload.text()).not.toBe(html);
  }
  // And the page itself is still the kept one.
  const page = await anonymous.get(article.path);
  expect(margin(page)).toBe('HIT');
  expect(await page.text()).toBe(html);
  await anonymous.dispose();
});

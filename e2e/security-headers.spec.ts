import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { adminState } from './support/accounts';
import { seedArticle } from './support/db';
import { postReply, unique } from './support/helpers';

// The headers of lib/security-headers.ts on every kind of answer, and a Chromium that runs every
// page Margin serves under its Content-Security-Policy without one violation, while an injected
// inline script or event handler is refused.

function expectLocked(response: APIResponse, frameAncestors: "'none'" | "'self'") {
  const headers = response.headers();
  const policy = headers['content-security-policy'] ?? '';
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", `frame-ancestors ${frameAncestors}`]) {
    expect(policy, response.url()).toContain(directive);
  }
  expect(policy).toMatch(/script-src 'self'(?: 'sha256-[A-Za-z0-9+/=]+')*;/);
  expect(headers['x-frame-options']).toBe(frameAncestors === "'none'" ? 'DENY' : 'SAMEORIGIN');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toContain('camera=()');
}

test('pages, a cached HIT, /admin, a feed, an image and a 404 all carry the headers', async ({ request }) => {
  const article = seedArticle({ label: 'headers' });
  const first = await request.get(article.path);
  expect(first.headers()['x-margin-cache']).toBe('MISS');
  expectLocked(first, "'self'");
  let hit = first;
  await expect(async () => {
    hit = await request.get(article.path);
    expect(hit.headers()['x-margin-cache']).toBe('HIT');
  }).toPass();
  expectLocked(hit, "'self'");
  // The cached copy keeps the hashes of its own scripts.
  expect(hit.headers()['content-security-policy']).toBe(first.headers()['content-security-policy']);
  expect(first.headers()['content-security-policy']).toContain("'sha256-");

  expectLocked(await request.get('/admin', { maxRedirects: 0 }), "'none'");
  expectLocked(await request.get('/login'), "'none'");
  expectLocked(await request.get('/feed.xml'), "'self'");
  expectLocked(await request.get('/icon.svg'), "'self'");
  const missing = await request.get('/no-such-page');
  expect(missing.status()).toBe(404);
  expectLocked(missing, "'self'");
});

/** Every CSP violation the page reports, from the console and from securitypolicyviolation events. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`);
    });
  });
  return violations;
}

test('the front page and an article, with a comment posted by JavaScript, run without a CSP violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/');
  await expect(page.getByRole('main')).toBeVisible();
  const article = seedArticle({ label: 'headers-post' });
  await page.goto(article.path);
  const text = unique('Posted under the policy');
  await postReply(page, { comment: text, name: unique('Policy Reader'), email: `${unique('policy')}@example.com` });
  await expect(page.getByText('Your comment is awaiting moderation.').first()).toBeVisible();
  // Hydrated: the post went through the action, not a page load.
  expect(page.url()).toContain(article.path);
  expect(violations).toEqual([]);
});

test.describe('staff pages', () => {
  test.use({ storageState: adminState });

  test('/admin and the newsroom editor run without a CSP violation', async ({ page }) => {
    const violations = await watchViolations(page);
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible();
    await page.goto('/admin/articles/new');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.getByRole('textbox').first().fill(unique('Typed under the policy'));
    expect(violations).toEqual([]);
  });
});

test('an injected inline script and an inline event handler are refused', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/');
  const ran = await page.evaluate(async () => {
    const marks = window as unknown as { injected?: boolean; handled?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    const image = document.createElement('img');
    image.setAttribute('onerror', 'window.handled = true');
    image.src = '/no-such-image';
    document.body.append(image);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { injected: marks.injected ?? false, handled: marks.handled ?? false };
  });
  expect(ran).toEqual({ injected: false, handled: false });
  await expect.poll(() => violations.filter((text) => /script-src/.test(text)).length).toBeGreaterThanOrEqual(2);
});

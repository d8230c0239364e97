import { expect, test } from '@playwright/test';
import { unique, watchServerErrors } from './support/helpers';
import { commentsByEmail, freshFormToken, messages, postViaAction, seedOldArticle } from './support/abuse';

// Size: the longest allowed comment fits the server actions' body limit (64 KB); larger requests
// are refused early by server/main.ts (413, before the body is read), never with a 500.

const limitBytes = 64 * 1024;

async function post(comment: string, extra: { name?: string; email?: string; website?: string } = {}) {
  const article = seedOldArticle('size');
  const email = extra.email ?? `${unique('size')}@example.com`;
  const response = await postViaAction(article, {
    comment,
    name: extra.name ?? unique('Sizer'),
    website: extra.website ?? '',
    email,
    formToken: await freshFormToken(article.id),
  });
  return { ...response, stored: commentsByEmail(email) };
}

test('the longest allowed comment, in 4-byte characters, with every field at its limit, is stored', async () => {
  const comment = '\u{1F600}'.repeat(5000);
  const name = 'ň'.repeat(245);
  const email = `${'e'.repeat(60)}.${unique('max').slice(-20)}@example.com`.slice(-100);
  const website = `https://example.com/${'w'.repeat(180)}`;
  const bytes = Buffer.byteLength(comment + name + email + website);
  expect(bytes).toBeLessThan(limitBytes);
  const result = await post(comment, { name, email, website });
  expect(result.status).toBe(200);
  expect(result.text).toContain(messages.held);
  expect(result.stored.map((c) => [c.body.length, c.author_name, c.author_url])).toEqual([[10_000, name, website]]);
});

test('a comment over the 5,000-character limit but under 64 KB is refused with the limit named', async () => {
  const result = await post('a'.repeat(20_000));
  expect(result.status).toBe(200);
  expect(result.text).toContain('Comment must be at most 5,000 characters (it has 20,000).');
  expect(result.stored).toEqual([]);
});

test('a 65 KB comment through the server action is refused early, and nothing is stored', async () => {
  const result = await post('a'.repeat(65 * 1024));
  expect(result.status).toBe(413);
  expect(result.stored).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a 65 KB comment in the plain form is refused with a plain explanation, and Back still has the text', async ({ page }) => {
    const failures = watchServerErrors(page);
    const article = seedOldArticle('size-nojs');
    await page.goto(article.path);
    const text = `${unique('long')}${'b'.repeat(65 * 1024)}`;
    const email = `${unique('long')}@example.com`;
    await page.getByLabel('Comment *').fill(text);
    await page.getByLabel('Name *').fill(unique('Long Writer'));
    await page.getByLabel('Email *').fill(email);
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await expect(page.getByRole('heading', { name: 'Too long to send' })).toBeVisible();
    await expect(page.getByText('more than any comment can be (5,000 characters)')).toBeVisible();
    await page.goBack();
    await expect(page.getByLabel('Comment *')).toHaveValue(text);
    expect(commentsByEmail(email)).toEqual([]);
    expect(failures).toEqual([]);
  });
});

test('a request over 64 KB is refused early', async () => {
  const result = await post('c'.repeat(100 * 1024));
  expect(result.status).toBe(413);
});

test('a request far over the body limit is refused without a 500', async () => {
  const result = await post('d'.repeat(1_100_000));
  expect(result.status).toBe(413);
  expect(result.stored).toEqual([]);
});

test('a form body that cannot be read is answered 400 with a plain page, never a 500, and the next reader is served', async ({ request }) => {
  const article = seedOldArticle('unreadable');
  const cutOff = '--XYZ\r\nContent-Disposition: form-data; name="comment"\r\n\r\nwords cut off on the way';
  for (const path of ['/', article.path, '/login', '/search']) {
    for (const headers of [{}, { 'Next-Action': 'a'.repeat(42) }] as Record<string, string>[]) {
      for (const contentType of ['multipart/form-data; boundary=XYZ', 'multipart/form-data']) {
        const answer = await request.post(path, { headers: { ...headers, 'Content-Type': contentType }, data: Buffer.from(cutOff), maxRedirects: 0 });
        expect(answer.status(), `${path} ${contentType} ${JSON.stringify(headers)}`).toBe(400);
        expect(await answer.text()).toContain('The form could not be read');
      }
    }
  }
  const reader = await request.get(article.path);
  expect(reader.status()).toBe(200);
});

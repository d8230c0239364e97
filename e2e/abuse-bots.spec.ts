import { expect, test, type Page } from '@playwright/test';
import { relaxedAbuseSettings, setSettings } from './support/db';
import { expectHeld, fillReply, heldNotice, unique, watchServerErrors } from './support/helpers';
import { commentsByEmail, freshFormToken, messages, postViaAction, signFormToken, seedOldArticle } from './support/abuse';

// Bots: the honeypot, the form token and the timer. A bot's post is stored as spam with its reason,
// and the poster sees the ordinary held result.

test.afterEach(() => setSettings(relaxedAbuseSettings));

function formField(page: Page, name: 'homepage' | 'formToken') {
  // Deliberately not a role or label locator: these fields are meant to be invisible to people.
  return page.locator(`form.comment-form input[name="${name}"]`);
}

/** Opens the article with the page's own token only, so that a test can replace it without a race. */
async function openForm(page: Page, path: string) {
  await page.route('**/api/form-token?*', (route) => route.abort());
  await page.goto(path);
  // Hydrated (the form then does its own checks): React no longer resets the hidden fields.
  await expect(page.locator('form.comment-form')).toHaveAttribute('novalidate');
}

/** Fills the form as a reader would; a given token replaces the form's just before the click. */
async function postAsReader(page: Page, label: string, token?: string) {
  const reply = { comment: unique(label), name: unique('Reader'), email: `${unique('bot')}@example.com` };
  await fillReply(page, reply);
  if (token !== undefined) {
    await formField(page, 'formToken').evaluate((input: HTMLInputElement, value) => (input.value = value), token);
  }
  await page.getByRole('button', { name: 'Post Comment' }).click();
  return reply;
}

async function expectOrdinaryHeldResult(page: Page, text: string) {
  await expect(page.getByRole('status')).toHaveText(/Thank you\. Your comment is held for review/);
  await expectHeld(page, text);
}

test('the honeypot is hidden from people and from assistive technology', async ({ page }) => {
  const article = seedOldArticle('honeypot-hidden');
  await page.goto(article.path);
  await expect(page.getByRole('textbox', { name: 'Leave this field empty' })).toHaveCount(0);
  await expect(page.getByText('Leave this field empty')).not.toBeInViewport();
  const box = await formField(page, 'homepage').boundingBox();
  expect(box === null || box.x + box.width <= 0 || box.width <= 1).toBe(true);
  await expect(formField(page, 'homepage')).toHaveAttribute('tabindex', '-1');
  await expect(formField(page, 'homepage')).toHaveAttribute('autocomplete', 'off');
  // Tabbing from Comment never lands in it.
  await page.getByLabel('Comment *').focus();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    await expect(formField(page, 'homepage')).not.toBeFocused();
  }
});

test('a filled honeypot is stored as spam with its reason; the poster sees the ordinary result', async ({ page }) => {
  const failures = watchServerErrors(page);
  const article = seedOldArticle('honeypot');
  await page.goto(article.path);
  await formField(page, 'homepage').evaluate((input: HTMLInputElement) => (input.value = 'https://spam.example'));
  const reply = await postAsReader(page, 'Honeypot filled');
  await expectOrdinaryHeldResult(page, reply.comment);
  const stored = commentsByEmail(reply.email);
  expect(stored.map((c) => [c.status, c.held_reason])).toEqual([['spam', 'hidden field filled in (bot)']]);
  await page.reload();
  await expectHeld(page, reply.comment);
  expect(failures).toEqual([]);
});

test('a post sooner than minSecondsBeforePost is spam; the same reader after the wait is not', async ({ page }) => {
  setSettings({ minSecondsBeforePost: 3 });
  const article = seedOldArticle('too-fast');
  await page.goto(article.path);
  const fast = await postAsReader(page, 'Too fast');
  await expectOrdinaryHeldResult(page, fast.comment);
  const [stored] = commentsByEmail(fast.email);
  expect(stored?.status).toBe('spam');
  expect(stored?.held_reason).toMatch(/^posted \d\.\d s after the form was shown \(bot\)$/);

  // The form fetched a token of its own after posting; a person takes their time.
  await page.goto(article.path);
  await page.waitForTimeout(3300);
  const slow = await postAsReader(page, 'Took my time');
  await expectOrdinaryHeldResult(page, slow.comment);
  expect(commentsByEmail(slow.email).map((c) => [c.status, c.held_reason])).toEqual([
    ['pending', 'every comment is held for review'],
  ]);
});

test('the timer counts from when the form was shown: a fresh token posted at once is spam', async () => {
  setSettings({ minSecondsBeforePost: 3 });
  const article = seedOldArticle('timer-http');
  const email = `${unique('fast')}@example.com`;
  const response = await postViaAction(article, {
    comment: unique('Instant'),
    name: 'Fast Bot',
    email,
    formToken: await freshFormToken(article.id),
  });
  expect(response.status).toBe(200);
  expect(response.text).toContain(messages.held);
  expect(commentsByEmail(email)[0]?.status).toBe('spam');

  const patient = `${unique('patient')}@example.com`;
  const old = await postViaAction(article, {
    comment: unique('Read first'),
    name: 'Patient Reader',
    email: patient,
    formToken: signFormToken(article.id, Date.now() - 60_000),
  });
  expect(old.text).toContain(messages.held);
  expect(commentsByEmail(patient)[0]?.status).toBe('pending');
});

for (const [title, token, reason] of [
  ['missing', '', 'no form token (bot)'],
  ['made up', 'not-a-token', 'forged form token (bot)'],
  ['signed with another secret', 'other-secret', 'forged form token (bot)'],
  ['for another article', 'other-article', 'forged form token (bot)'],
] as const) {
  test(`a ${title} form token is stored as spam with its reason; the poster sees the ordinary result`, async ({ page }) => {
    const article = seedOldArticle('token');
    await openForm(page, article.path);
    const value =
      token === 'other-secret'
        ? signFormToken(article.id, Date.now() - 60_000, 'some-other-secret-that-is-long-enough-000')
        : token === 'other-article'
          ? signFormToken(article.id + 1000, Date.now() - 60_000)
          : token;
    const reply = await postAsReader(page, `Token ${title}`, value);
    await expectOrdinaryHeldResult(page, reply.comment);
    expect(commentsByEmail(reply.email).map((c) => [c.status, c.held_reason])).toEqual([['spam', reason]]);
  });
}

test('a form left open for over a day asks once more, keeps the text, and then posts', async ({ page }) => {
  const article = seedOldArticle('expired');
  await openForm(page, article.path);
  const stale = signFormToken(article.id, Date.now() - 25 * 60 * 60 * 1000);
  const reply = await postAsReader(page, 'Left open', stale);
  await expect(page.getByRole('alert').filter({ hasText: messages.expired })).toBeVisible();
  await expect(page.getByLabel('Comment *')).toHaveValue(reply.comment);
  expect(commentsByEmail(reply.email)).toEqual([]);

  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expectOrdinaryHeldResult(page, reply.comment);
  expect(commentsByEmail(reply.email).map((c) => c.status)).toEqual(['pending']);
  await expect(page.getByText(heldNotice)).toHaveCount(1);
});

test('each reader posts the fresh token their own form fetched, not the cached page\'s shared one', async ({ browser }) => {
  const article = seedOldArticle('own-token');
  const posted: { fetched: string; sent: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/form-token');
    await page.goto(article.path);
    const { token } = (await (await fetched).json()) as { token: string };
    const request = page.waitForRequest((r) => r.method() === 'POST');
    // A reader moves between fields (each move re-renders the form), then posts.
    const reply = await postAsReader(page, `Own token ${i}`);
    const body = (await request).postData() ?? '';
    posted.push({ fetched: token, sent: /name="[^"]*formToken"\r\n\r\n([^\r]*)/.exec(body)?.[1] ?? '' });
    await expectOrdinaryHeldResult(page, reply.comment);
    await context.close();
  }
  expect(posted[0]?.sent).toBe(posted[0]?.fetched);
  expect(posted[1]?.sent).toBe(posted[1]?.fetched);
  expect(posted[0]?.sent).not.toBe(posted[1]?.sent);
});

import { expect, test } from '@playwright/test';
import { setSettings } from './support/db';
import { commentByText, expectHeld, heldNotice, postReply, unique } from './support/helpers';
import { commentsByEmail, freshFormToken, messages, postViaAction, restoreSettings, seedOldArticle } from './support/abuse';

// Content rules: links, moderation words (hold), disallowed words (spam), matched as whole words on
// folded text in the name, email, website and text. Approval is off here so that a hold shows.

test.beforeEach(() => setSettings({ approvalPolicy: 'none', holdLinkCount: 1, moderationWords: ['press'], disallowedWords: ['casino'] }));
test.afterEach(() => restoreSettings());

async function post(fields: { comment?: string; name?: string; email?: string; website?: string }) {
  const article = seedOldArticle('content-http');
  const email = fields.email ?? `${unique('rules')}@example.com`;
  const response = await postViaAction(article, {
    comment: unique('Plain words'),
    name: unique('Reader'),
    formToken: await freshFormToken(article.id),
    ...fields,
    email,
  });
  expect(response.status).toBe(200);
  const stored = commentsByEmail(email);
  expect(stored).toHaveLength(1);
  return { text: response.text, status: stored[0]!.status, reason: stored[0]!.held_reason };
}

test('a clean comment is published for everyone; "press" does not match "WordPress"', async ({ page, browser }) => {
  const article = seedOldArticle('content-clean');
  await page.goto(article.path);
  const text = unique('Built with WordPress, see https://wordpress.org/');
  await postReply(page, { comment: text, name: 'Pressley', email: `${unique('wp')}@example.com`, website: 'https://wordpress.org/' });
  await expect(page.getByRole('status')).toContainText(messages.published);
  const other = await browser.newPage();
  await other.goto(article.path);
  await expect(commentByText(other, text)).toBeVisible();
  await expect(commentByText(other, text).getByText(heldNotice)).toHaveCount(0);
  await other.close();
});

test('more links than holdLinkCount hold the comment; the reader sees it awaiting moderation, others do not', async ({ page, browser }) => {
  const article = seedOldArticle('content-links');
  await page.goto(article.path);
  const email = `${unique('links')}@example.com`;
  const text = `${unique('Two links')} https://a.example/1 and http://b.example/2`;
  await postReply(page, { comment: text, name: unique('Linker'), email });
  await expect(page.getByRole('status')).toContainText(messages.held);
  await expectHeld(page, text.split(' ')[0]!);
  expect(commentsByEmail(email).map((c) => [c.status, c.held_reason])).toEqual([['pending', '2 links']]);
  const other = await browser.newPage();
  await other.goto(article.path);
  await expect(other.getByText(text.split(' ')[0]!)).toHaveCount(0);
  await other.close();
});

test('a moderation word holds with the word as reason, in any field and in disguise', async () => {
  const cases = [
    { comment: 'Stop the PRESS!' },
    { comment: 'Stop the pr\u0435ss (Cyrillic е)' },
    { comment: 'Stop the \uFF50\uFF52\uFF45\uFF53\uFF53 (full width)' },
    { comment: 'Stop the pre\u200Bss (zero-width space)' },
    { name: 'Press Officer' },
    { email: `press.${unique('office')}@example.com` },
    { website: 'https://press.example/' },
  ];
  for (const fields of cases) {
    const result = await post(fields);
    expect([result.status, result.reason], JSON.stringify(fields)).toEqual(['pending', 'moderation word: press']);
    expect(result.text).toContain(messages.held);
  }
});

test('whole words only: "press" inside other words is not held', async () => {
  for (const comment of ['I use WordPress', 'pressing news', 'impressive', 'expressly', 'Wordpr\u0435ss']) {
    const result = await post({ comment });
    expect([result.status, result.reason], comment).toEqual(['approved', null]);
  }
});

test('a disallowed word is spam with the word as reason; the reader sees the ordinary held result', async ({ page, browser }) => {
  const article = seedOldArticle('content-disallowed');
  await page.goto(article.path);
  const email = `${unique('casino')}@example.com`;
  const text = `${unique('Best')} \uFF43\uFF41\uFF53\uFF49\uFF4E\uFF4F bonus`;
  await postReply(page, { comment: text, name: unique('Spammer'), email });
  await expect(page.getByRole('status')).toContainText(messages.held);
  await expectHeld(page, text.split(' ')[0]!);
  expect(commentsByEmail(email).map((c) => [c.status, c.held_reason])).toEqual([['spam', 'disallowed word: casino']]);
  const other = await browser.newPage();
  await other.goto(article.path);
  await expect(other.getByText(text.split(' ')[0]!)).toHaveCount(0);
  await other.close();

  for (const fields of [{ name: 'CASINO King' }, { email: `casino@${unique('d')}.example` }, { website: 'c\u0430sino.example' }]) {
    const result = await post(fields);
    expect([result.status, result.reason], JSON.stringify(fields)).toEqual(['spam', 'disallowed word: casino']);
  }
});

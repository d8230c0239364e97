import { expect, test, type Page } from '@playwright/test';
import { commentByText, errorSummary, expectHeld, fillReply, postReply, unique, watchServerErrors } from './support/helpers';
import { commentsByArticle, commentsByEmail, freshFormToken, messages, postViaAction, seedOldArticle } from './support/abuse';

// Duplicates and idempotency. The suite runs with the flood limits off (global-setup), so a second
// post is judged by these rules alone.

function reply(label: string) {
  return { comment: unique(label), name: unique('Twice'), email: `${unique('twice')}@example.com` };
}

function postButton(page: Page) {
  return page.getByRole('button', { name: 'Post Comment' });
}

test('the same words again from the same email: the duplicate message, text kept, nothing written', async ({ page }) => {
  const failures = watchServerErrors(page);
  const article = seedOldArticle('duplicate');
  await page.goto(article.path);
  const first = { ...reply('Said once'), comment: `${unique('Cafe\u0301 said once')}\nsecond line` };
  await postReply(page, first);
  await expectHeld(page, first.comment.normalize('NFC').split('\n')[0]!);

  // Same text after normalisation: other letter case in the email, \r\n, NFC, spaces around.
  const again = {
    comment: `  ${first.comment.normalize('NFC').replace('\n', '\r\n')}\u0007  `,
    name: unique('Another Name'),
    email: first.email.toUpperCase(),
  };
  await postReply(page, again);
  await expect(errorSummary(page)).toBeFocused();
  await expect(errorSummary(page).getByRole('heading')).toHaveText(messages.duplicate);
  await expect(page.getByLabel('Comment *')).toHaveValue(again.comment.replace('\r\n', '\n'));
  await expect(page.getByLabel('Name *')).toHaveValue(again.name);
  expect(commentsByEmail(first.email)).toHaveLength(1);
  expect(failures).toEqual([]);
});

test('the same words on another article, or from another email, are not duplicates', async () => {
  const one = seedOldArticle('dup-one');
  const two = seedOldArticle('dup-two');
  const text = unique('Worth saying twice');
  const email = `${unique('same')}@example.com`;
  for (const [article, address] of [
    [one, email],
    [two, email],
    [one, `${unique('someone-else')}@example.com`],
  ] as const) {
    const response = await postViaAction(article, {
      comment: text,
      name: 'Ann',
      email: address,
      formToken: await freshFormToken(article.id),
    });
    expect(response.text).toContain(messages.held);
  }
  expect(commentsByArticle(one.id).filter((c) => c.body === text)).toHaveLength(2);
  expect(commentsByArticle(two.id).filter((c) => c.body === text)).toHaveLength(1);
});

test('a double click posts one comment and shows the success once', async ({ page }) => {
  const failures = watchServerErrors(page);
  const article = seedOldArticle('double-click');
  await page.goto(article.path);
  const data = reply('Double click');
  await fillReply(page, data);
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  // Two clicks before React can disable the button: both submissions reach the server.
  await postButton(page).evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });
  await expect(page.getByRole('status')).toContainText(messages.held);
  await expectHeld(page, data.comment);
  await expect.poll(() => posts.length).toBe(2);
  await expect(page.getByRole('status')).toContainText(messages.held);
  await expect(commentByText(page, data.comment)).toHaveCount(1);
  await expect(errorSummary(page)).toHaveCount(0);
  expect(commentsByEmail(data.email)).toHaveLength(1);
  expect(failures).toEqual([]);
});

test('a retry of the very same request gets the same success and the same comment', async ({ page }) => {
  const article = seedOldArticle('retry');
  await page.goto(article.path);
  const data = reply('Retried');
  await fillReply(page, data);
  const request = page.waitForRequest((r) => r.method() === 'POST');
  await postButton(page).click();
  await expectHeld(page, data.comment);
  const sent = await request;
  const [stored] = commentsByEmail(data.email);
  expect(stored?.idempotency_key).toBeTruthy();

  // The network dropped the answer; the browser sends the same bytes again.
  const retry = await page.request.post(sent.url(), {
    headers: await sent.allHeaders(),
    data: sent.postDataBuffer() ?? undefined,
  });
  expect(retry.status()).toBe(200);
  const text = await retry.text();
  expect(text).toContain(messages.held);
  expect(text).toContain(`"id":${stored?.id}`);
  expect(text).not.toContain(messages.duplicate);
  expect(commentsByEmail(data.email)).toHaveLength(1);
});

test('the same form sent from two tabs (a restored or duplicated tab) makes one comment; both see the success', async ({ context }) => {
  const article = seedOldArticle('two-tabs-same-form');
  const data = reply('Two tabs, one form');
  const token = await freshFormToken(article.id);
  const tabs = [await context.newPage(), await context.newPage()];
  for (const tab of tabs) {
    await tab.route('**/api/form-token?*', (route) => route.fulfill({ json: { token } }));
    await tab.goto(article.path);
    await fillReply(tab, data);
  }
  await Promise.all(tabs.map((tab) => postButton(tab).click()));
  for (const tab of tabs) {
    await expect(tab.getByRole('status')).toContainText(messages.held);
    await expect(errorSummary(tab)).toHaveCount(0);
  }
  expect(commentsByEmail(data.email)).toHaveLength(1);
});

test('two tabs opened separately with the same words make one comment; the second is told it is a duplicate', async ({ context }) => {
  // Each tab has a token of its own, so the second post is a new form with the same words.
  const article = seedOldArticle('two-tabs');
  const data = reply('Two tabs');
  const first = await context.newPage();
  const second = await context.newPage();
  for (const tab of [first, second]) {
    await tab.goto(article.path);
    await fillReply(tab, data);
  }
  await postButton(first).click();
  await expect(first.getByRole('status')).toContainText(messages.held);
  await postButton(second).click();
  await expect(errorSummary(second).getByRole('heading')).toHaveText(messages.duplicate);
  await expect(second.getByLabel('Comment *')).toHaveValue(data.comment);
  expect(commentsByEmail(data.email)).toHaveLength(1);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form filled in again after going back makes no second comment and says why', async ({ page }) => {
    const article = seedOldArticle('nojs-twice');
    await page.goto(article.path);
    const data = reply('No script twice');
    await fillReply(page, data);
    await postButton(page).click();
    await expect(page).toHaveURL(/#comment-\d+$/);
    await expectHeld(page, data.comment);
    await page.goBack();
    await fillReply(page, data);
    await postButton(page).click();
    await expect(errorSummary(page).getByRole('heading')).toHaveText(messages.duplicate);
    await expect(page.getByLabel('Comment *')).toHaveValue(data.comment);
    expect(commentsByEmail(data.email)).toHaveLength(1);
  });
});

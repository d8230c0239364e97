import { expect, test } from '@playwright/test';
import { seedArticle, seedComment } from './support/db';
import {
  errorSummary,
  expectHeld,
  heldNotice,
  nestedReply,
  postReply,
  saveDetailsLabel,
  unique,
  watchServerErrors,
  websiteField,
} from './support/helpers';

// The form is a plain HTML form: posting it without JavaScript must work end to end.
test.use({ javaScriptEnabled: false });

test('without JavaScript, the server re-renders errors next to the fields and keeps what was typed', async ({ page }) => {
  const failures = watchServerErrors(page);
  const article = seedArticle({ label: 'nojs-errors' });
  await page.goto(article.path);

  // Passes the browser's own required/type=email checks, fails the server's rules.
  const name = unique('No Script Name');
  const email = `${unique('noscript')}@example.com`;
  await page.getByLabel('Comment *').fill('     ');
  await page.getByLabel('Name *').fill(name);
  await page.getByLabel('Email *').fill(email);
  await websiteField(page).fill('javascript:alert(1)');
  await page.getByLabel(saveDetailsLabel).check();
  await page.getByRole('button', { name: 'Post Comment' }).click();

  await expect(errorSummary(page)).toContainText('Please correct the fields marked below.');
  await expect(errorSummary(page).getByRole('link', { name: 'Comment is required.' })).toBeVisible();
  const comment = page.getByLabel('Comment *');
  await expect(comment).toHaveAttribute('aria-invalid', 'true');
  await expect(comment).toHaveAccessibleDescription('Error: Comment is required.');
  await expect(websiteField(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(websiteField(page)).toHaveAccessibleDescription('Error: Website must start with http:// or https://.');
  await expect(page.getByLabel('Name *')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Name *')).toHaveValue(name);
  await expect(page.getByLabel('Email *')).toHaveValue(email);
  await expect(websiteField(page)).toHaveValue('javascript:alert(1)');
  await expect(page.getByLabel(saveDetailsLabel)).toBeChecked();
  await expect(page.getByRole('article').filter({ hasText: name })).toHaveCount(0);

  // Correct the fields and post again from the re-rendered form.
  const text = unique('Posted without script');
  await comment.fill(text);
  await websiteField(page).fill('');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expectHeld(page, text);
  expect(failures).toEqual([]);
});

test('without JavaScript, a successful post redirects to the article and shows the held comment', async ({
  page,
  browser,
}) => {
  const article = seedArticle({ label: 'nojs-post' });
  await page.goto(article.path);
  const text = unique('Plain form post');
  const name = unique('Plain Poster');
  const website = `https://example.net/${unique('home')}`;

  const redirect = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().includes(article.path),
  );
  await postReply(page, { comment: `${text}\n\nSecond paragraph.`, name, email: `${unique('plain')}@example.com`, website });
  expect((await redirect).status()).toBeGreaterThanOrEqual(300);
  expect((await redirect).status()).toBeLessThan(400);

  await expect(page).toHaveURL(new RegExp(`${article.path}#comment-\\d+$`));
  await expectHeld(page, text);
  const held = page.getByRole('article', { name });
  await expect(held.getByRole('paragraph')).toHaveText([heldNotice, text, 'Second paragraph.']);
  await expect(held.getByRole('link', { name })).toHaveAttribute('href', website);
  await expect(page.getByLabel('Comment *')).toHaveValue('');

  await page.reload();
  await expectHeld(page, text);

  const stranger = await browser.newContext({ javaScriptEnabled: false });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(article.path);
  await expect(strangerPage.getByRole('heading', { level: 1 })).toHaveText(article.headline);
  await expect(strangerPage.getByText(text)).toHaveCount(0);
  await stranger.close();
});

test('without JavaScript, Reply opens the form set to reply and the answer nests under its parent', async ({ page }) => {
  const article = seedArticle({ label: 'nojs-reply' });
  const parentName = unique('Parent Without Script');
  const parentId = seedComment({ articleId: article.id, name: parentName, body: unique('Parent text') });
  const siblingName = unique('Sibling');
  seedComment({ articleId: article.id, name: siblingName, body: unique('Sibling text') });

  await page.goto(article.path);
  await page.getByRole('article', { name: parentName }).getByRole('button', { name: 'Reply' }).click();
  await expect(page).toHaveURL(`${article.path}/respond?replytocom=${parentId}#respond`);
  await expect(page.getByRole('heading', { level: 2, name: `Reply to ${parentName}` })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cancel reply' })).toHaveAttribute('href', `${article.path}#respond`);

  const replyText = unique('Reply without script');
  await postReply(page, { comment: replyText, name: unique('Replier'), email: `${unique('r')}@example.com` });
  await expect(page).toHaveURL(new RegExp(`${article.path}#comment-\\d+$`));
  const reply = nestedReply(page, parentName, replyText);
  await expect(reply).toBeVisible();
  await expect(reply).toContainText(heldNotice);
  await expect(nestedReply(page, siblingName, replyText)).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Leave a Reply' })).toBeVisible();

  // Cancel reply leads back to a plain reply to the article.
  await page.getByRole('article', { name: parentName }).getByRole('button', { name: 'Reply' }).click();
  await page.getByRole('link', { name: 'Cancel reply' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Leave a Reply' })).toBeVisible();
});

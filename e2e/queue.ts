import { expect, type Browser, type Page } from '@playwright/test';
import { launchPath, postReply, unique, type Reply } from './helpers';

// Shared steps for the moderation specs: a reader in a browser of their own, the queue, the public page.

export type Status = 'pending' | 'approved' | 'spam' | 'trash';

export function newReader(label = 'Reader'): Reply {
  const name = unique(label);
  return { name, email: `${name.toLowerCase()}@example.com`, comment: `Comment from ${name}` };
}

/** A reader posts from a browser of their own (optionally replying to a visible comment by `replyTo`). */
export async function readerPosts(browser: Browser, reply: Reply, replyTo?: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(launchPath);
  if (replyTo) {
    await page.getByRole('article', { name: replyTo, exact: true }).getByRole('button', { name: 'Reply' }).click();
    await expect(page.getByRole('heading', { name: `Reply to ${replyTo}` })).toBeVisible();
  }
  await postReply(page, reply);
  const status = page.getByRole('status');
  await expect(status).toContainText('Thank you.');
  const message = (await status.textContent()) ?? '';
  await context.close();
  return message;
}

/** The queue tab filtered to one test's data, so rows from other tests never get in the way. */
export async function openQueue(page: Page, search: string, status: Status = 'pending') {
  await page.goto(`/admin?status=${status}&q=${encodeURIComponent(search)}`);
  await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible();
}

export function queueRow(page: Page, name: string) {
  return page.getByRole('article', { name, exact: true });
}

export async function act(page: Page, name: string, button: string) {
  const row = queueRow(page, name);
  await row.getByRole('button', { name: button, exact: true }).click();
  // The queue refreshes after every decision: the row leaves the tab it was in.
  await expect(row).toHaveCount(0);
}

/** The article as a stranger sees it: a fresh browser with no cookies, served the shared cached page. */
export async function publicArticle(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(launchPath);
  await expect(page.getByRole('heading', { name: 'Leave a Reply' })).toBeVisible();
  return { page, close: () => context.close() };
}

export function publicComment(page: Page, name: string) {
  return page.getByRole('article', { name, exact: true });
}

/** The list item holding a comment and its nested replies (the comment's parent element). */
export function threadOf(page: Page, name: string) {
  return publicComment(page, name).locator('xpath=parent::li');
}

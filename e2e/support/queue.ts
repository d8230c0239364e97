import { expect, type Browser, type Page } from '@playwright/test';
import { findCommentId, launchArticleId, seedComment } from './db';
import { launchNewestPath, postReply, unique, type Reply } from './helpers';

// Shared steps for the moderation specs: a reader in a browser of their own, the queue, the public page.

/** browser.newContext() inherits the test's `use` options (storage state, JavaScript); a stranger gets none. */
export const strangerOptions = { storageState: { cookies: [], origins: [] }, javaScriptEnabled: true };

export type Status = 'pending' | 'reported' | 'approved' | 'spam' | 'trash';

export function newReader(label = 'Reader'): Reply {
  const name = unique(label);
  return { name, email: `${name.toLowerCase()}@example.com`, comment: `Comment from ${name}` };
}

/**
 * A reader posts from a browser of their own (optionally replying to a visible comment by `replyTo`).
 * Says whether the author sees it held or published; works whether or not the form was hydrated yet.
 */
export async function readerPosts(browser: Browser, reply: Reply, replyTo?: string): Promise<'held' | 'published'> {
  const context = await browser.newContext(strangerOptions);
  const page = await context.newPage();
  await page.goto(launchNewestPath);
  if (replyTo) {
    await page.getByRole('article', { name: replyTo, exact: true }).getByRole('button', { name: 'Reply' }).click();
    await expect(page.getByRole('heading', { name: `Reply to ${replyTo}` })).toBeVisible();
  }
  await postReply(page, reply);
  const own = page.getByRole('article', { name: reply.name, exact: true });
  await expect(own).toContainText(reply.comment);
  const held = await own.getByText('Your comment is awaiting moderation.').isVisible();
  await context.close();
  return held ? 'held' : 'published';
}

/**
 * A reader's comment awaiting moderation on the launch article, written straight into the database:
 * for tests whose subject is the moderator, not the posting (comment.spec.ts covers that).
 * `replyTo` names the author of the comment it answers.
 */
export function seedHeldComment(reply: Reply, replyTo?: string): number {
  const articleId = launchArticleId();
  const parentId = replyTo ? findCommentId(articleId, { authorName: replyTo }) : null;
  return seedComment({ articleId, parentId, name: reply.name, email: reply.email, body: reply.comment, status: 'pending' });
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

/** The article as a stranger sees it (newest first): a fresh browser with no cookies, served the shared cached page. */
export async function publicArticle(browser: Browser) {
  const context = await browser.newContext(strangerOptions);
  const page = await context.newPage();
  await page.goto(launchNewestPath);
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

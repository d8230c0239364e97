import net from 'node:net';
import { expect, type Page } from '@playwright/test';

export const launchSlug = 'starmer-us-security-guarantee';
export const launchPath = `/articles/${launchSlug}`;
/**
 * The launch article's comments newest first: where a comment just approved is always on the first
 * page, however many earlier tests left (the article's own address shows the oldest first).
 */
export const launchNewestPath = `${launchPath}/comments/newest`;

export function unique(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export type Reply = { comment: string; name: string; email: string; website?: string; save?: boolean; notify?: boolean };

export async function fillReply(page: Page, reply: Reply) {
  await page.getByLabel('Comment *').fill(reply.comment);
  await page.getByLabel('Name *').fill(reply.name);
  await page.getByLabel('Email *').fill(reply.email);
  if (reply.website !== undefined) await page.getByLabel('Website', { exact: true }).fill(reply.website);
  const save = page.getByLabel(saveDetailsLabel);
  if (reply.save) await save.check();
  else await save.uncheck();
  if (reply.notify) await page.getByLabel(notifyLabel).check();
}

export async function postReply(page: Page, reply: Reply) {
  await fillReply(page, reply);
  await page.getByRole('button', { name: 'Post Comment' }).click();
}

export function commentByText(page: Page, text: string) {
  return page.getByRole('article').filter({ hasText: text });
}

export async function expectHeld(page: Page, text: string) {
  const comment = commentByText(page, text);
  await expect(comment).toBeVisible();
  await expect(comment.getByText('Your comment is awaiting moderation.')).toBeVisible();
}

export const saveDetailsLabel = 'Save my name, email, and website in this browser for the next time I comment.';
export const notifyLabel = 'Notify me of replies by email';
export const heldNotice = 'Your comment is awaiting moderation.';

/** The comment's <li>: the comment itself and the list of its replies. */
export function threadOf(page: Page, authorName: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('article', { name: authorName, exact: true }) });
}

/** The reply nested under the parent's comment, in the parent's list of replies. */
export function nestedReply(page: Page, parentAuthor: string, replyText: string) {
  return threadOf(page, parentAuthor).getByRole('list').getByRole('article').filter({ hasText: replyText });
}

/** Fails the test if the server answers any request with a 5xx. Call before the first goto. */
export function watchServerErrors(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return failures;
}

export function websiteField(page: Page) {
  return page.getByLabel('Website', { exact: true });
}

/** The form's error summary (Next's route announcer is another, empty, role=alert). */
export function errorSummary(page: Page) {
  return page.getByRole('alert').filter({ has: page.getByRole('heading') });
}

/** A port nothing listens on now, on 127.0.0.1: for a server a spec starts itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

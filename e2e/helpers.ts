import { expect, type Page } from '@playwright/test';

export const launchSlug = 'starmer-us-security-guarantee';
export const launchPath = `/articles/${launchSlug}`;

export function unique(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export type Reply = { comment: string; name: string; email: string; website?: string; save?: boolean };

export async function fillReply(page: Page, reply: Reply) {
  await page.getByLabel('Comment *').fill(reply.comment);
  await page.getByLabel('Name *').fill(reply.name);
  await page.getByLabel('Email *').fill(reply.email);
  if (reply.website !== undefined) await page.getByLabel('Website').fill(reply.website);
  const save = page.getByLabel('Save my name, email, and website in this browser for the next time I comment.');
  if (reply.save) await save.check();
  else await save.uncheck();
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

import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminState, moderatorState } from './support/accounts';
import { seedArticle, setSettings, type SeededArticle } from './support/db';
import { e2eDb } from './support/e2e-database';
import { errorSummary, expectHeld, postReply, unique, watchServerErrors } from './support/helpers';
import { strangerOptions } from './support/queue';

// The surge switch (lib/surge.ts): a moderator holds every comment, closes comments at a time or
// slows posting, on one article; readers see the notice with its end time; End now and the end
// time itself take it away (the latter by moving the surge's end, as the clock would).

const port = Number(process.env.E2E_PORT ?? 3917);

test.afterEach(() => setSettings({ approvalPolicy: 'all' }));

function notice(page: Page) {
  return page.getByRole('note', { name: 'About commenting now' });
}

async function staffPage(browser: Browser, state: string) {
  const context = await browser.newContext({ storageState: state });
  return { page: await context.newPage(), close: () => context.close() };
}

async function readerPage(browser: Browser, origin = '') {
  const context = await browser.newContext(strangerOptions);
  return { page: await context.newPage(), close: () => context.close(), origin };
}

async function startOnSurgePage(page: Page, article: SeededArticle, kind: string, fields: Record<string, string>) {
  await page.goto('/admin/surge');
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByLabel('Where').selectOption({ label: article.headline });
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Start surge' }).click();
}

function surgesOf(article: SeededArticle) {
  return e2eDb().all<{ id: number; kind: string; ended_by: number | null }>('select id, kind, ended_by from surges where article_id = ? order by id', [article.id]);
}

test('hold everything: a reader’s post is held and the reader sees the notice; End now takes it away', async ({ browser }) => {
  setSettings({ approvalPolicy: 'none' });
  const article = seedArticle({ label: 'surge-hold' });
  const reader = await readerPage(browser);
  const failures = watchServerErrors(reader.page);
  await reader.page.goto(article.path);
  await expect(reader.page.getByRole('heading', { name: 'Leave a Reply' })).toBeVisible();
  await expect(notice(reader.page)).toHaveCount(0);

  const moderator = await staffPage(browser, moderatorState);
  await startOnSurgePage(moderator.page, article, 'Hold every comment for review', { 'For how many hours': '2' });
  await expect(moderator.page.getByText(/^Hold every comment for review on this article until \d\d:\d\d\.$/)).toBeVisible();
  const row = moderator.page.getByRole('row').filter({ hasText: article.headline });
  await expect(row).toContainText('Until');
  await expect(row).toContainText('Milo Moderator');

  // The cached page was emptied at the start: the reader now sees the notice, and their post is held.
  await reader.page.reload();
  await expect(notice(reader.page)).toHaveText(/Every comment is held for review until \d\d:\d\d\./);
  const held = unique('Held by the surge');
  await postReply(reader.page, { comment: held, name: unique('Surge reader'), email: `${unique('surge')}@example.com` });
  await expectHeld(reader.page, held);
  expect(e2eDb().get('select status, held_reason from comments where body = ?', [held])).toEqual({
    status: 'pending',
    held_reason: 'surge: every comment is held for review',
  });

  await row.getByRole('button', { name: /^End now/ }).click();
  await expect(moderator.page.getByRole('row').filter({ hasText: article.headline }).filter({ hasText: 'Ended by Milo Moderator' })).toBeVisible();
  expect(surgesOf(article)[0]!.ended_by).not.toBeNull();

  await reader.page.goto(article.path);
  await expect(reader.page.getByRole('heading', { name: 'Leave a Reply' })).toBeVisible();
  await expect(notice(reader.page)).toHaveCount(0);
  const published = unique('Published after the surge');
  await postReply(reader.page, { comment: published, name: unique('Surge reader'), email: `${unique('after')}@example.com` });
  await expect(reader.page.getByText('Thank you. Your comment is published.')).toBeVisible();
  expect(failures).toEqual([]);
  await Promise.all([reader.close(), moderator.close()]);
});

test('close in N minutes, from the article’s editor page: readers see the closing time; at that time comments close by themselves', async ({ browser }) => {
  const article = seedArticle({ label: 'surge-close' });
  const editor = await staffPage(browser, adminState);
  await editor.page.goto(`/admin/articles/${article.id}`);
  const panel = editor.page.getByRole('region', { name: 'Surge' });
  await panel.getByText('Start a surge').click();
  await panel.getByLabel('Close comments', { exact: true }).check();
  await panel.getByLabel('Close comments in how many minutes').fill('30');
  await panel.getByRole('button', { name: 'Start surge' }).click();
  await expect(panel.getByText(/^Comments on this article close at \d\d:\d\d\.$/)).toBeVisible();
  await expect(panel.getByRole('row').filter({ hasText: 'Close comments' })).toContainText('Closes');

  const reader = await readerPage(browser);
  await reader.page.goto(article.path);
  await expect(notice(reader.page)).toHaveText(/Comments close at \d\d:\d\d\./);
  await expect(reader.page.getByLabel('Comment *')).toBeVisible();

  // The clock moved: the surge's time comes in two seconds. No one presses anything; the server's
  // timer closes the comments and empties the cached page.
  e2eDb().run('update surges set ends_at = ? where article_id = ?', [new Date(Date.now() + 2_000), article.id]);
  await expect(async () => {
    await reader.page.reload();
    await expect(reader.page.getByText('Comments are closed.')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(notice(reader.page)).toHaveCount(0);
  expect(e2eDb().get<{ open: unknown }>('select comments_open as open from articles where id = ?', [article.id])!.open).toBeFalsy();
  await Promise.all([reader.close(), editor.close()]);
});

test('slow mode, from the queue’s Surge panel: a second quick post is refused with a clear message and the text kept', async ({ browser }) => {
  const article = seedArticle({ label: 'surge-slow' });
  const moderator = await staffPage(browser, moderatorState);
  await moderator.page.goto('/admin');
  const panel = moderator.page.getByRole('region', { name: 'Surge' });
  await panel.getByText('Start a surge').click();
  await panel.getByLabel('Slow mode', { exact: true }).check();
  await panel.getByLabel('Where').selectOption({ label: article.headline });
  await panel.getByLabel('For how many hours').fill('1');
  // Bad input: the message beside the field, what was typed kept.
  await panel.getByRole('button', { name: 'Start surge' }).click();
  await expect(panel.getByText('Enter the seconds a reader waits between two comments.')).toBeVisible();
  await expect(panel.getByLabel('For how many hours')).toHaveValue('1');
  await panel.getByLabel('Slow mode: seconds between two comments').fill('120');
  await panel.getByRole('button', { name: 'Start surge' }).click();
  await expect(panel.getByText(/^Slow mode on this article until \d\d:\d\d\.$/)).toBeVisible();

  // Over IPv6 loopback: a client of its own, whatever else the suite posted from 127.0.0.1.
  const reader = await readerPage(browser);
  const failures = watchServerErrors(reader.page);
  await reader.page.goto(`http://[::1]:${port}${article.path}`);
  await expect(notice(reader.page)).toHaveText(/Slow mode: one comment per 2 minutes until \d\d:\d\d\./);
  const first = unique('First in slow mode');
  await postReply(reader.page, { comment: first, name: unique('Slow reader'), email: `${unique('slow')}@example.com` });
  await expectHeld(reader.page, first);
  const second = { comment: unique('Second too soon'), name: unique('Slow reader'), email: `${unique('slow2')}@example.com` };
  await postReply(reader.page, second);
  await expect(errorSummary(reader.page).getByRole('heading')).toHaveText(/^Slow mode is on: one comment per 2 minutes until \d\d:\d\d\. Please wait/);
  await expect(reader.page.getByLabel('Comment *')).toHaveValue(second.comment);
  expect(e2eDb().get<{ n: number }>('select count(*) as n from comments where body = ?', [second.comment])!.n).toBe(0);

  // End now from the panel: the notice goes.
  await moderator.page.goto('/admin');
  await moderator.page.getByRole('region', { name: 'Surge' }).getByRole('button', { name: new RegExp(`End now: Slow mode.*${article.headline}`) }).click();
  await expect(moderator.page.getByRole('region', { name: 'Surge' }).getByRole('row').filter({ hasText: article.headline })).toHaveCount(0);
  await reader.page.goto(`http://[::1]:${port}${article.path}`);
  await expect(reader.page.getByRole('heading', { name: 'Leave a Reply' })).toBeVisible();
  await expect(notice(reader.page)).toHaveCount(0);
  expect(failures).toEqual([]);
  await Promise.all([reader.close(), moderator.close()]);
});

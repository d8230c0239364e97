import { expect, test } from '@playwright/test';
import { seedArticle, seedComment, setSettings } from './support/db';
import { unique } from './support/helpers';
import { moderatorState } from './support/accounts';

test.afterEach(() => setSettings({ commentsPerPage: 50 }));

test('long threads page WordPress-style, and a permalink finds the page that holds its comment', async ({ page, browser }) => {
  setSettings({ commentsPerPage: 5 });
  const article = seedArticle({ label: 'paged' });
  const start = Date.now() - 3_600_000;
  const ids = Array.from({ length: 7 }, (_, i) =>
    seedComment({ articleId: article.id, name: `Reader ${i + 1}`, body: `Thread ${i + 1}`, createdAt: new Date(start + i * 1000) }),
  );
  seedComment({ articleId: article.id, parentId: ids[5], name: 'Replier', body: 'Reply on page two', createdAt: new Date(start + 10_000) });

  // The article's own address shows the newest page; older threads are a link away.
  await page.goto(article.path);
  await expect(page.getByRole('heading', { name: '8 Comments' })).toBeVisible();
  await expect(page.getByText('Thread 6', { exact: true })).toBeVisible();
  await expect(page.getByText('Reply on page two')).toBeVisible();
  await expect(page.getByText('Thread 5', { exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: '← Older comments' }).click();
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/1#comments-title$`));
  await expect(page.getByText('Thread 1', { exact: true })).toBeVisible();
  await expect(page.getByText('Thread 5', { exact: true })).toBeVisible();
  await expect(page.getByText('Thread 6', { exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: 'Newer comments →' }).click();
  await expect(page).toHaveURL(new RegExp(`${article.path}#comments-title$`));

  const older = await page.request.get(`${article.path}/comments/1`);
  expect(older.status()).toBe(200);
  await expect.poll(async () => (await page.request.get(`${article.path}/comments/1`)).headers()['x-margin-cache']).toBe('HIT');
  expect((await page.request.get(`${article.path}/comments/3`)).status()).toBe(404);

  await page.goto(`/comments/${ids[0]}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/1#comment-${ids[0]}$`));
  await page.goto(`${article.path}#comment-${ids[0]}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/1#comment-${ids[0]}$`));
  await expect(page.locator(`#comment-${ids[0]}`)).toBeVisible();
  await page.goto(`/comments/${ids[6]}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}#comment-${ids[6]}$`));

  // A moderator approves a new thread: the cached newest page shows it on its next request.
  const text = unique('Late thread');
  seedComment({ articleId: article.id, name: 'Late Reader', body: text, status: 'pending' });
  const moderator = await browser.newContext({ storageState: moderatorState });
  const queue = await moderator.newPage();
  await queue.goto(`/admin?q=${encodeURIComponent(text)}`);
  const row = queue.getByRole('article').filter({ hasText: text });
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(row).toHaveCount(0);
  await moderator.close();

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(article.path);
  await expect(fresh.getByText(text)).toBeVisible();
});

import { expect, test, type Page } from '@playwright/test';
import { seedArticle, seedComment, setSettings } from './support/db';
import { unique } from './support/helpers';
import { moderatorState } from './support/accounts';

test.afterEach(() => setSettings({ commentsPerPage: 50 }));

/** The comment cards of the discussion, in page order (the news article itself is an article too). */
function commentCards(page: Page) {
  return page.getByRole('region', { name: /Comments?$/ }).getByRole('article');
}

function sortLink(page: Page, name: 'Oldest first' | 'Newest first') {
  return page.getByRole('navigation', { name: 'Sort comments' }).getByRole('link', { name });
}

test('the article shows a full first page oldest first, newest first is a link away, and permalinks find the page that holds their comment', async ({ page, browser }) => {
  setSettings({ commentsPerPage: 5 });
  const article = seedArticle({ label: 'paged' });
  const start = Date.now() - 3_600_000;
  const ids = Array.from({ length: 7 }, (_, i) =>
    seedComment({ articleId: article.id, name: `Reader ${i + 1}`, body: `Thread ${i + 1}`, createdAt: new Date(start + i * 1000) }),
  );
  const replyId = seedComment({ articleId: article.id, parentId: ids[5], name: 'Replier', body: 'Reply on page two', createdAt: new Date(start + 10_000) });
  const thread = (n: number) => page.getByText(`Thread ${n}`, { exact: true });

  // The article's own address: page 1 oldest first, a full page of five threads.
  await page.goto(article.path);
  await expect(page.getByRole('heading', { name: '8 Comments' })).toBeVisible();
  await expect(sortLink(page, 'Oldest first')).toHaveAttribute('aria-current', 'page');
  await expect(sortLink(page, 'Newest first')).not.toHaveAttribute('aria-current');
  for (const n of [1, 2, 3, 4, 5]) await expect(thread(n)).toBeVisible();
  await expect(thread(6)).toHaveCount(0);
  await expect(commentCards(page).first()).toContainText('Thread 1');
  await expect(page.getByRole('navigation', { name: 'Comment pages' })).toContainText('Page 1 of 2');
  await page.getByRole('link', { name: 'Newer comments →' }).click();
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/2#comments-title$`));
  await expect(thread(6)).toBeVisible();
  await expect(thread(7)).toBeVisible();
  await expect(page.getByText('Reply on page two')).toBeVisible();
  await expect(thread(5)).toHaveCount(0);
  await expect(sortLink(page, 'Oldest first')).toHaveAttribute('aria-current', 'true');
  await page.getByRole('link', { name: '← Older comments' }).click();
  await expect(page).toHaveURL(new RegExp(`${article.path}#comments-title$`));

  // Newest first: the newest thread leads, its replies still under it, oldest first.
  await sortLink(page, 'Newest first').click();
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/newest#comments-title$`));
  await expect(sortLink(page, 'Newest first')).toHaveAttribute('aria-current', 'page');
  await expect(commentCards(page).first()).toContainText('Thread 7');
  for (const n of [7, 6, 5, 4, 3]) await expect(thread(n)).toBeVisible();
  await expect(page.getByText('Reply on page two')).toBeVisible();
  await expect(thread(2)).toHaveCount(0);
  await page.getByRole('link', { name: 'Older comments →' }).click();
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/newest/2#comments-title$`));
  await expect(thread(2)).toBeVisible();
  await expect(thread(1)).toBeVisible();
  await expect(thread(3)).toHaveCount(0);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', new RegExp(`${article.path}/comments/newest/2$`));

  // Every page is kept by the page cache; past the last there is none; page 1 has one address.
  for (const path of [`${article.path}/comments/2`, `${article.path}/comments/newest`, `${article.path}/comments/newest/2`]) {
    expect((await page.request.get(path)).status(), path).toBe(200);
    await expect.poll(async () => (await page.request.get(path)).headers()['x-margin-cache'], { message: path }).toBe('HIT');
  }
  expect((await page.request.get(`${article.path}/comments/3`)).status()).toBe(404);
  expect((await page.request.get(`${article.path}/comments/newest/3`)).status()).toBe(404);
  const first = await page.request.get(`${article.path}/comments/1`, { maxRedirects: 0 });
  expect(first.status()).toBe(308);
  expect(first.headers().location).toMatch(new RegExp(`${article.path}$`));

  // Permalinks land on the page that holds the comment, oldest first.
  await page.goto(`/comments/${ids[0]}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}#comment-${ids[0]}$`));
  await page.goto(`/comments/${replyId}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/2#comment-${replyId}$`));
  await expect(page.locator(`#comment-${replyId}`)).toBeVisible();
  // A link to a comment's anchor on a page that does not hold it finds the right page.
  await page.goto(`${article.path}#comment-${ids[6]}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}/comments/2#comment-${ids[6]}$`));
  await page.goto(`${article.path}/comments/newest#comment-${ids[0]}`);
  await expect(page).toHaveURL(new RegExp(`${article.path}#comment-${ids[0]}$`));
  await expect(page.locator(`#comment-${ids[0]}`)).toBeVisible();

  // Without JavaScript the sort and pager links are plain links.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const plainPage = await plain.newPage();
  await plainPage.goto(article.path);
  await sortLink(plainPage, 'Newest first').click();
  await expect(plainPage).toHaveURL(new RegExp(`${article.path}/comments/newest#comments-title$`));
  await expect(commentCards(plainPage).first()).toContainText('Thread 7');
  // A reader without JavaScript who has held comments here gets the same page, rendered for them.
  const personal = await plainPage.request.get(`${article.path}/comments/newest/2`, {
    headers: { cookie: `margin_held=${article.slug}; margin_plain=1` },
  });
  expect(personal.headers()['cache-control']).toMatch(/private/);
  const personalHtml = await personal.text();
  expect(personalHtml).toContain('Thread 1');
  expect(personalHtml).not.toContain('Thread 7');
  await plain.close();

  // A moderator approves a new thread: the cached pages of both orders show it on their next request.
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
  await fresh.goto(`${article.path}/comments/newest`);
  await expect(commentCards(fresh).first()).toContainText(text);
  await fresh.goto(`${article.path}/comments/2`);
  await expect(fresh.getByText(text)).toBeVisible();
  await fresh.goto(article.path);
  await expect(fresh.getByRole('heading', { name: '9 Comments' })).toBeVisible();
  await expect(fresh.getByText(text)).toHaveCount(0);
});

import { expect, test } from '@playwright/test';
import { seedArticle, seedComment } from './support/db';
import { launchPath, unique } from './support/helpers';
import {
  launchBodyBlocks,
  launchDateline,
  launchHeadline,
  launchSections,
  launchSourceHeadlines,
  launchStandfirst,
} from './support/launch-article';

test('the launch article reproduces the captured text faithfully', async ({ page }) => {
  // The source itself carries the non-breaking space after "PM,": the test reads what it checks against.
  expect(launchSourceHeadlines).toEqual([launchHeadline, launchHeadline]);
  expect(launchBodyBlocks).toEqual(expect.arrayContaining(launchSections));

  await page.goto(launchPath);
  const headline = page.getByRole('heading', { level: 1 });
  await expect(headline).toHaveCount(1);
  // textContent is compared raw: toHaveText would fold the non-breaking space into a plain one.
  await expect(headline).toHaveJSProperty('textContent', launchHeadline);

  const story = page.getByRole('article').filter({ has: headline });
  await expect(story.getByText(launchStandfirst, { exact: true })).toBeVisible();
  await expect(story.getByText(launchDateline, { exact: true })).toBeVisible();
  await expect(story.getByRole('heading', { level: 2 })).toHaveText(launchSections);

  // Every paragraph and heading, in the captured order, after the standfirst and the date line;
  // nothing from the original page's comment form ("Leave a Reply") is article text.
  const blocks = story.getByRole('heading', { level: 2 }).or(story.getByRole('paragraph'));
  await expect(blocks).toHaveText([launchStandfirst, '26 February 2025', ...launchBodyBlocks]);
  await expect(story.getByText('Leave a Reply')).toHaveCount(0);
  await expect(story.getByText('While Starmer has advocated for a US “backstop” to ensure long-term peace')).toBeVisible();
  await expect(story.getByText('Trade should not be a point of conflict—it’s a balanced and fair relationship.”')).toBeVisible();
  await expect(story).not.toContainText('"');

  await expect(page).toHaveTitle(`${launchHeadline} · Margin`);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', launchStandfirst);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', launchHeadline);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute('content', launchStandfirst);
});

test('the front page lists the newest articles with date and public-comment count, linking to each', async ({ page }) => {
  // Public from a minute ago: the newest published article (a future time would be scheduled, not shown).
  const publishedAt = new Date(Date.now() - 60_000);
  const article = seedArticle({ label: 'front-page', headline: unique('Front page headline'), publishedAt });
  seedComment({ articleId: article.id, name: unique('First'), body: unique('approved one') });
  seedComment({ articleId: article.id, name: unique('Second'), body: unique('approved two') });
  seedComment({ articleId: article.id, name: unique('Held'), body: unique('held'), status: 'pending' });
  seedComment({ articleId: article.id, name: unique('Spammer'), body: unique('spam'), status: 'spam' });
  const scheduled = seedArticle({ label: 'front-page-later', publishedAt: new Date(Date.now() + 3_600_000) });
  const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(publishedAt);

  // The server keeps the front page for a second: an article written straight into the database
  // shows on the next load after that.
  // Its teaser: the list item with its headline (Most discussed lists it by link only).
  const teaser = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: article.headline }) });
  await expect(async () => {
    await page.goto('/');
    await expect(teaser).toBeVisible({ timeout: 500 });
  }).toPass();
  await expect(teaser.getByText(article.standfirst, { exact: true })).toBeVisible();
  await expect(teaser.getByText(date, { exact: true })).toBeVisible();
  await expect(teaser.getByRole('link', { name: '2 comments', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: scheduled.headline })).toHaveCount(0);

  await teaser.getByRole('link', { name: article.headline }).click();
  await expect(page).toHaveURL(article.path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(article.headline);

  // Older articles are a search away: the launch article by its words.
  await page.getByRole('search', { name: 'Site' }).getByRole('searchbox').fill('Starmer security guarantee');
  await page.getByRole('search', { name: 'Site' }).getByRole('button', { name: 'Search' }).click();
  const launch = page.getByRole('list', { name: 'Results' }).getByRole('listitem').filter({ hasText: '26 February 2025' });
  await expect(launch.getByRole('heading', { level: 2 })).toHaveJSProperty('textContent', launchHeadline);
  await launch.getByRole('heading', { level: 2 }).getByRole('link').click();
  await expect(page).toHaveURL(launchPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveJSProperty('textContent', launchHeadline);
});

test('an unknown article answers 404 with "Page not found"', async ({ page }) => {
  const response = await page.goto(`/articles/${unique('no-such-article')}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page).toHaveTitle(/Page not found/);

  const unknownRespond = await page.request.get(`/articles/${unique('no-such-article')}/respond`);
  expect(unknownRespond.status()).toBe(404);
});

test('no request from an article page leaves the site', async ({ page }) => {
  const article = seedArticle({ label: 'offline' });
  const commenter = unique('Linked Commenter');
  seedComment({
    articleId: article.id,
    name: commenter,
    website: 'https://example.com/commenter',
    body: `See https://example.org/${unique('link')} for more.`,
  });

  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') outside.push(request.url());
  });

  await page.goto(launchPath, { waitUntil: 'networkidle' });
  await expect(page.getByRole('heading', { level: 2, name: 'Leave a Reply' })).toBeVisible();
  await page.goto(article.path, { waitUntil: 'networkidle' });
  const comment = page.getByRole('article', { name: commenter });
  await expect(comment.locator('.avatar')).toBeVisible();
  await comment.getByRole('button', { name: 'Reply' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Reply to ${commenter}` })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(outside).toEqual([]);
});

import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { adminState } from './support/accounts';
import { launchPath } from './support/helpers';
import { newReader, openQueue, queueRow, seedHeldComment, strangerOptions } from './support/queue';
import { seedArticle } from './support/db';

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

test('sign-in page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoViolations(page);
});

test('front page and article page', async ({ page }) => {
  await page.goto('/');
  await expectNoViolations(page);
  await page.goto(launchPath);
  await expect(page.getByRole('heading', { name: 'Leave a Reply' })).toBeVisible();
  await expectNoViolations(page);
});

test('your comments and data: the request form, with a field error', async ({ page }) => {
  await page.goto('/email/your-data');
  await page.getByLabel('Email').fill('not an address');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByText('Email must be a valid address')).toBeVisible();
  await expectNoViolations(page);
});

test.describe('admin pages', () => {
  test.use({ storageState: adminState });

  test('queue with a pending comment, and the settings page', async ({ page }) => {
    // Four admin pages, each scanned by axe: given 60 s on a loaded 2-core machine.
    test.setTimeout(60_000);
    const reader = newReader('Axe');
    seedHeldComment(reader);
    await page.goto('/admin');
    await expect(queueRow(page, reader.name)).toBeVisible();
    await expectNoViolations(page);
    await openQueue(page, reader.name);
    await queueRow(page, reader.name).getByRole('button', { name: 'Edit' }).click();
    await expectNoViolations(page);
    await page.goto('/admin/settings');
    await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
    await expectNoViolations(page);
    await page.goto('/admin/moderators');
    await expectNoViolations(page);
  });

  test('the surge page with its form showing a field error, and an article with a surge notice', async ({ page, browser }) => {
    test.setTimeout(60_000);
    const article = seedArticle({ label: 'axe-surge' });
    // This article's surge alone: a retry finds the one an earlier try left.
    const endNow = page.getByRole('button', { name: `End now: Hold every comment for review, ${article.headline}` });
    await page.goto('/admin/surge');
    await page.getByLabel('Slow mode', { exact: true }).check();
    await page.getByRole('button', { name: 'Start surge' }).click();
    await expect(page.getByText('Enter the seconds a reader waits between two comments.')).toBeVisible();
    await expectNoViolations(page);
    await page.getByLabel('Hold every comment for review', { exact: true }).check();
    await page.getByLabel('Where').selectOption({ label: article.headline });
    await page.getByLabel('For how many hours').fill('1');
    await page.getByRole('button', { name: 'Start surge' }).click();
    await expect(endNow).toBeVisible();
    // The action refreshes the admin pages: their metadata (the title) streams in after the form.
    await expect(page).toHaveTitle(/Surge/);
    await expectNoViolations(page);
    const reader = await browser.newContext(strangerOptions);
    const readerPage = await reader.newPage();
    await readerPage.goto(article.path);
    await expect(readerPage.getByRole('note', { name: 'About commenting now' })).toBeVisible();
    await expectNoViolations(readerPage);
    await reader.close();
    await endNow.click();
    await expect(endNow).toHaveCount(0);
  });

  test('reader data: an address’s comments with their downloads and changes (the view readers get from their link)', async ({ page }) => {
    const reader = newReader('AxeData');
    seedHeldComment(reader);
    await page.goto('/admin/reader-data');
    await page.getByLabel('Reader’s email').fill(reader.email);
    await page.getByRole('button', { name: 'Find their comments' }).click();
    await expect(page.getByText('1 comment written with')).toBeVisible();
    await expectNoViolations(page);
  });
});

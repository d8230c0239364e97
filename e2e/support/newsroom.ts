import fs from 'node:fs';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { e2eDatabase, e2eDataDirectory, e2eOnPostgres } from '../../playwright.config';
import { addAccount, signIn, type Account, type Role } from './accounts';

// Newsroom staff for the specs: each account is made once per run with the real CLI and signed in
// once; tests open contexts from the stored state.

export const contributorAccount = { email: 'e2e-contributor@example.com', name: 'Cass Contributor', password: 'contributor-password-1' };
export const editorAccount = { email: 'e2e-editor@example.com', name: 'Eden Editor', password: 'editor-password-1' };
export const secondEditorAccount = { email: 'e2e-editor-2@example.com', name: 'Ezra Editor', password: 'editor-password-2' };

const stateFile = (account: Account) => `playwright/.auth/${account.email.split('@')[0]}.json`;

/** Makes the account and signs it in once per run; returns the stored session's file. */
export async function staffState(browser: Browser, account: Account, role: Role): Promise<string> {
  const file = stateFile(account);
  if (fs.existsSync(file) && fs.statSync(file).mtimeMs > databaseBorn()) return file;
  try {
    addAccount(account, role);
  } catch {
    // Made by an earlier spec file in this run: signing in again is enough.
  }
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, account, role);
  await context.storageState({ path: file });
  await context.close();
  return file;
}

/** State files older than this run's database (on PostgreSQL, its fresh data folder) belong to another run. */
function databaseBorn(): number {
  const stat = fs.statSync(e2eOnPostgres ? e2eDataDirectory : e2eDatabase);
  return stat.birthtimeMs || stat.ctimeMs;
}

export async function staffPage(browser: Browser, account: Account, role: Role): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: await staffState(browser, account, role) });
  return { context, page: await context.newPage() };
}

export const articleForm = {
  headline: (page: Page) => page.getByLabel('Headline *'),
  standfirst: (page: Page) => page.getByLabel('Standfirst *'),
  slug: (page: Page) => page.getByLabel('Address (slug)'),
  body: (page: Page) => page.getByLabel('Body (Markdown)'),
  correction: (page: Page) => page.getByLabel('Correction'),
};

export async function writeArticle(page: Page, article: { headline: string; standfirst: string; body: string }) {
  await page.goto('/admin/articles/new');
  await articleForm.headline(page).fill(article.headline);
  await articleForm.standfirst(page).fill(article.standfirst);
  await articleForm.body(page).fill(article.body);
}

/** Presses one of the editor's buttons and waits for the form's status line to say `message`. */
export async function press(page: Page, button: string, message: string | RegExp) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: message })).toBeVisible();
}

export function articleIdOf(page: Page): number {
  const match = /\/admin\/articles\/(\d+)/.exec(page.url());
  if (!match) throw new Error(`not on an article's page: ${page.url()}`);
  return Number(match[1]);
}

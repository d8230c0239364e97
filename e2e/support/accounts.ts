import { execFileSync } from 'node:child_process';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { e2eServerEnv } from '../../playwright.config';
import type { UserRole } from '../../lib/accounts';

// Accounts are made with the real CLI (scripts/accounts.ts) against the test server's database.

export const adminState = 'playwright/.auth/admin.json';
export const moderatorState = 'playwright/.auth/moderator.json';
export const adminAccount = { email: 'e2e-admin@example.com', name: 'Erin Admin', password: 'admin-password-1' };
export const moderatorAccount = { email: 'e2e-mod@example.com', name: 'Milo Moderator', password: 'moderator-password-1' };

export type Role = UserRole;
export type Account = { email: string; name: string; password: string };

/** `npm run accounts -- add …`, run as node runs it without npm's start-up (or, with `viaNpm`, through npm by its first name, `npm run moderator`). */
export function addAccount(account: Account, role: Role, { viaNpm = false, database }: { viaNpm?: boolean; database?: string } = {}): void {
  const args = ['add', account.email, '--password', account.password, '--role', role, '--name', account.name];
  const env = { ...process.env, ...e2eServerEnv(Number(process.env.E2E_PORT ?? 3917)), ...(database ? { DATABASE_URL: `file:${database}`, DATA_DIR: '' } : {}) };
  if (viaNpm) execFileSync('npm', ['run', '--silent', 'moderator', '--', ...args], { env, stdio: 'pipe' });
  else execFileSync(process.execPath, ['--import', 'tsx', 'scripts/accounts.ts', ...args], { env, stdio: 'pipe' });
}

/** Signs in; moderators, editors and admins land on the queue, contributors on the article list. */
export async function signIn(page: Page, account: Pick<Account, 'email' | 'password'>, role: Role = 'moderator'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (role === 'contributor') {
    await expect(page).toHaveURL(/\/admin\/articles$/);
    await expect(page.getByRole('heading', { name: 'Articles', exact: true })).toBeVisible();
  } else {
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible();
  }
}

/** A new signed-in context for a fresh account of its own (so a test can lock or end it freely). */
export async function freshAccountContext(browser: Browser, account: Account, role: Role): Promise<{ context: BrowserContext; page: Page }> {
  addAccount(account, role);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, account, role);
  return { context, page };
}

export const sessionCookieName = 'authjs.session-token';

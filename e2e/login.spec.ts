import { expect, test, type Page } from '@playwright/test';
import { addAccount, adminState, freshAccountContext, sessionCookieName, signIn } from './support/accounts';
import { e2eDb } from './support/e2e-database';
import { unique } from './support/helpers';

// Every test makes its own account, so locking or ending it never touches the shared ones.
function newAccount(label: string) {
  const name = unique(label);
  return { email: `${name.toLowerCase()}@example.com`, name, password: `pw-${name}-long` };
}

async function tryPassword(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// Next's route announcer is an (empty) alert too, so match the message.
async function expectAlert(page: Page, message: string) {
  await expect(page.getByRole('alert').filter({ hasText: message })).toHaveText(message);
}

async function expectSignedOut(page: Page) {
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

test('/admin signed out leads to /login, and signing in leads back to /admin', async ({ page }) => {
  const account = newAccount('Returner');
  addAccount(account, 'moderator');
  await page.goto('/admin?status=spam');
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await tryPassword(page, account.email, account.password);
  await expect(page).toHaveURL(/\/admin\?status=spam$/);
  await expect(page.getByRole('link', { name: /^Spam/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a wrong password and an unknown email get the same message', async ({ page }) => {
  const account = newAccount('Sameness');
  addAccount(account, 'moderator');
  await page.goto('/login');
  await tryPassword(page, account.email, 'not-the-password');
  await expectAlert(page, 'The email or password is not right.');
  await expect(page).toHaveURL(/\/login/);

  await page.goto('/login');
  await tryPassword(page, `nobody-${account.email}`, 'not-the-password');
  await expectAlert(page, 'The email or password is not right.');
});

test('five failures from one device lock the account there, even against the right password', async ({ page }) => {
  const account = newAccount('Locked');
  addAccount(account, 'moderator');
  await page.goto('/login');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.goto('/login');
    await tryPassword(page, account.email, `wrong-${attempt}`);
    await expectAlert(page, 'The email or password is not right.');
  }
  await page.goto('/login');
  await tryPassword(page, account.email, account.password);
  await expectAlert(page, 'Too many attempts from this device. Sign-in here is locked for 15 minutes; try again later.');
  await expectSignedOut(page);
});

test("strangers' wrong guesses from other addresses never lock the owner out of their device: the account only slows down", async ({ page }) => {
  const account = newAccount('Targeted');
  addAccount(account, 'editor');
  // Fifty failures from fifty addresses, the last one just now.
  const now = Date.now();
  e2eDb().transaction(() => {
    for (let i = 0; i < 50; i++) {
      const at = new Date(now - (50 - i) * 1000);
      e2eDb().run('insert into login_failures (key, created_at) values (?, ?)', [`account:${account.email}`, at]);
      e2eDb().run('insert into login_failures (key, created_at) values (?, ?)', [`account+client:${account.email}|198.51.100.${i}`, at]);
    }
  });
  await page.goto('/login');
  await tryPassword(page, account.email, account.password);
  await expectAlert(page, 'Many wrong attempts on this account. Wait 10 seconds, then try again.');
  await expectSignedOut(page);

  // Ten seconds after the last guess, the owner's right password works from their own device.
  await page.waitForTimeout(Math.max(0, now + 10_500 - Date.now()));
  await page.goto('/login');
  await tryPassword(page, account.email, account.password);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toHaveCount(0);
});

test('signing out ends the session: the old cookie no longer opens /admin', async ({ browser }) => {
  const { context, page } = await freshAccountContext(browser, newAccount('Leaver'), 'moderator');
  const cookies = await context.cookies();
  expect(cookies.map((cookie) => cookie.name)).toContain(sessionCookieName);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expectSignedOut(page);

  const replay = await browser.newContext({ storageState: { cookies, origins: [] } });
  const replayed = await replay.newPage();
  await expectSignedOut(replayed);
  await replay.close();
  await context.close();
});

test('disabling an account at /admin/moderators ends its session at once', async ({ browser }) => {
  // Two sessions, two sign-ins (each a deliberate scrypt) and the admin page: given 60 s.
  test.setTimeout(60_000);
  const account = newAccount('Sleeper');
  const { context, page } = await freshAccountContext(browser, account, 'moderator');
  const adminContext = await browser.newContext({ storageState: adminState });
  const admin = await adminContext.newPage();
  await admin.goto('/admin/moderators');
  const row = admin.getByRole('row').filter({ hasText: account.email });
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: `Disable ${account.email}` }).click();
  await expect(row.getByRole('button', { name: `Enable ${account.email}` })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Disabled', exact: true })).toBeVisible();

  await expectSignedOut(page);
  await tryPassword(page, account.email, account.password);
  await expectAlert(page, 'The email or password is not right.');

  await row.getByRole('button', { name: `Enable ${account.email}` }).click();
  await expect(row.getByRole('cell', { name: 'Active', exact: true })).toBeVisible();
  await adminContext.close();
  await context.close();
});

test('a new password ends the sessions of the account; the new password works', async ({ browser }) => {
  // Two sessions, two sign-ins (each a deliberate scrypt) and the admin page: given 60 s.
  test.setTimeout(60_000);
  const account = newAccount('Reset');
  const { context, page } = await freshAccountContext(browser, account, 'moderator');
  const adminContext = await browser.newContext({ storageState: adminState });
  const admin = await adminContext.newPage();
  await admin.goto('/admin/moderators');
  const newPassword = `new-${account.password}`;
  await admin.getByLabel(`New password for ${account.email}`).fill(newPassword);
  const row = admin.getByRole('row').filter({ hasText: account.email });
  await row.getByRole('button', { name: 'Reset password' }).click();
  await expect(row.getByRole('status')).toHaveText('Password changed; every session of this account has ended.');
  await adminContext.close();

  await expectSignedOut(page);
  await signIn(page, { email: account.email, password: newPassword });
  await context.close();
});

test('an admin adds a moderator account, who can then sign in', async ({ browser }) => {
  const account = newAccount('Added');
  const adminContext = await browser.newContext({ storageState: adminState });
  const admin = await adminContext.newPage();
  await admin.goto('/admin/moderators');
  const form = admin.getByRole('heading', { name: 'Add an account' }).locator('xpath=following-sibling::form');
  await form.getByLabel('Name').fill(account.name);
  await form.getByLabel('Email').fill(account.email);
  await form.getByLabel('Password').fill(account.password);
  await form.getByLabel('Role').selectOption('moderator');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.getByRole('status')).toHaveText(`Added ${account.email}.`);
  await expect(admin.getByRole('row').filter({ hasText: account.email })).toContainText('moderator');
  await adminContext.close();

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await signIn(await context.newPage(), account);
  await context.close();
});

import { test as setup } from '@playwright/test';
import { addAccount, adminAccount, adminState, moderatorAccount, moderatorState, signIn } from './support/accounts';

setup('create an admin and a moderator with the CLI and sign both in', async ({ browser }) => {
  addAccount(adminAccount, 'admin');
  // The command's first name still works.
  addAccount(moderatorAccount, 'moderator', { viaNpm: true });
  for (const [account, file] of [
    [adminAccount, adminState],
    [moderatorAccount, moderatorState],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, account);
    await context.storageState({ path: file });
    await context.close();
  }
});

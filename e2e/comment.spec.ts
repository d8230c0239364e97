import { expect, test } from '@playwright/test';
import { expectHeld, launchPath, postReply, unique } from './helpers';

test('a reader posts a reply and sees it held for moderation, even after a reload', async ({ page, browser }) => {
  await page.goto(launchPath);
  await expect(page.getByRole('heading', { level: 2, name: 'Leave a Reply' })).toBeVisible();
  const text = unique('First thoughts');
  await postReply(page, { comment: text, name: 'Ada Reader', email: `${unique('ada')}@example.com` });

  await expect(page.getByRole('status')).toContainText('held for review');
  await expectHeld(page, text);
  await expect(page.getByLabel('Comment *')).toHaveValue('');

  await page.reload();
  await expectHeld(page, text);

  const stranger = await browser.newPage();
  await stranger.goto(launchPath);
  await expect(stranger.getByText(text)).toHaveCount(0);
  await stranger.close();
});

import { expect, test } from '@playwright/test';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../lib/test-smtp';
import { e2eSmtpPort } from '../playwright.config';
import { moderatorState } from './support/accounts';
import { launchPath } from './support/helpers';
import { linkIn, mailTo as mailsTo, unfoldedRaw, waitForMail as waitForMails } from './support/mail';
import { act, newReader, openQueue, readerPosts, strangerOptions } from './support/queue';

// Reply notifications end to end: the production server sends to a real SMTP server in this test
// process (SMTP_URL from playwright.config.ts), and what arrives is parsed and read.

test.use({ storageState: moderatorState });

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer(e2eSmtpPort);
});
test.afterAll(() => smtp?.close());

const mailTo = (address: string): ReceivedMail[] => mailsTo(smtp, address);
const waitForMail = (address: string, count: number, subject: RegExp) => waitForMails(smtp, address, count, subject);

test('a reader asks, confirms through the emailed link, and hears once of an approved reply, with its text and nobody else’s address', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const reader = { ...newReader('Nora'), notify: true };
  const replier = newReader('Rafe');

  // The box is there, unticked.
  const context = await browser.newContext(strangerOptions);
  const readerPage = await context.newPage();
  await readerPage.goto(launchPath);
  await expect(readerPage.getByRole('checkbox', { name: 'Notify me of replies by email' })).not.toBeChecked();
  await context.close();

  expect(await readerPosts(browser, reader)).toBe('held');
  const [confirmation] = await waitForMail(reader.email, 1, /^Confirm your email/);
  expect(confirmation!.html).toBeTruthy();
  expect(confirmation!.text).toContain('Margin');

  // Nothing but the confirmation until the address confirms: approving the comment sends no "published" mail yet.
  const confirmLink = linkIn(confirmation!, '/email/confirm?token=');
  const readerContext = await browser.newContext(strangerOptions);
  const confirmPage = await readerContext.newPage();
  await confirmPage.goto(confirmLink);
  await confirmPage.getByRole('button', { name: 'Confirm my email address' }).click();
  await expect(confirmPage.getByRole('heading', { name: 'Your email is confirmed' })).toBeVisible();
  await readerContext.close();

  await openQueue(page, reader.name);
  await act(page, reader.name, 'Approve');
  const [published] = await waitForMail(reader.email, 1, /^Your comment is published/);
  expect(published!.text).toContain(reader.comment);

  // A reply, held: nothing is sent for text no moderator has approved.
  await readerPosts(browser, replier, reader.name);
  await page.waitForTimeout(2_500);
  expect(mailTo(reader.email).filter((mail) => /replied/.test(mail.subject ?? ''))).toHaveLength(0);

  await openQueue(page, replier.name);
  await act(page, replier.name, 'Approve');
  const [notification] = await waitForMail(reader.email, 1, /replied to your comment/);
  expect(notification!.text).toContain(replier.comment);
  expect(notification!.html).toContain(replier.comment);
  expect(notification!.text).toMatch(/\/comments\/\d+/);
  const raw = unfoldedRaw(notification!);
  expect(raw).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/email\/unsubscribe\?token=[^>]+>/m);
  expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  expect(notification!.text).toContain('/email/manage?token=');
  for (const mail of smtp.received) expect(mail.raw).not.toContain(replier.email);
  expect(mailTo(replier.email)).toHaveLength(0);

  // One-click unsubscribe (RFC 8058): a POST, and the next approved reply sends nothing.
  const unsubscribe = /^List-Unsubscribe: <([^>]+)>/m.exec(raw)![1]!;
  const answer = await request.post(unsubscribe, { data: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(answer.status()).toBe(200);
  const second = newReader('Sam');
  await readerPosts(browser, second, reader.name);
  await openQueue(page, second.name);
  await act(page, second.name, 'Approve');
  await page.waitForTimeout(2_500);
  expect(mailTo(reader.email).filter((mail) => /replied/.test(mail.subject ?? ''))).toHaveLength(1);
});

test('admins read the outbox; a moderator is sent away', async ({ page, browser }) => {
  await page.goto('/admin/outbox');
  await expect(page).not.toHaveURL(/\/admin\/outbox/);
  const { adminState } = await import('./support/accounts');
  const admin = await browser.newContext({ storageState: adminState });
  const adminPage = await admin.newPage();
  await adminPage.goto('/admin/outbox');
  await expect(adminPage.getByRole('heading', { name: 'Outbox' })).toBeVisible();
  await expect(adminPage.getByText('email is sent by SMTP through smtp://127.0.0.1')).toBeVisible();
  await admin.close();
});

test('a forged or expired link changes nothing and says so plainly', async ({ page, request }) => {
  await page.goto('/email/confirm?token=confirm.abc.1.def');
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  await page.goto('/email/manage?token=nonsense');
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  const answer = await request.post('/email/unsubscribe?token=manage.x.1.y', { data: 'List-Unsubscribe=One-Click' });
  expect(answer.status()).toBe(400);
});

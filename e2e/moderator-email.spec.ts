import { expect, test, type Browser } from '@playwright/test';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../lib/test-smtp';
import { e2eSmtpPort } from '../playwright.config';
import { freshAccountContext } from './support/accounts';
import { unique } from './support/helpers';
import { newReader, publicArticle, publicComment, readerPosts, strangerOptions } from './support/queue';

// Moderators' email about held comments, end to end: the production server sends to a real SMTP
// server in this test process, and the links in what arrives are opened in fresh browsers.

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer(e2eSmtpPort);
});
test.afterAll(() => smtp?.close());

async function heldMailTo(address: string, comment: string): Promise<ReceivedMail> {
  const matching = () => smtp.received.filter((mail) => mail.envelopeTo.includes(address) && (mail.text ?? '').includes(comment));
  await expect.poll(() => matching().length, { timeout: 20_000 }).toBe(1);
  return matching()[0]!;
}

function linkAfter(mail: ReceivedMail, label: string): string {
  const found = new RegExp(`^${label}: (\\S+)$`, 'm').exec(mail.text ?? '');
  expect(found, `a "${label}" link in: ${mail.text}`).not.toBeNull();
  return found![1]!;
}

/** The link's page in a browser with no session: the signed link alone. */
async function openWithoutSession(browser: Browser, url: string) {
  const context = await browser.newContext(strangerOptions);
  const page = await context.newPage();
  await page.goto(url);
  return { page, close: () => context.close() };
}

test('a moderator asks for email at once; a held comment arrives with a link that approves with one press, once', async ({ browser }) => {
  test.setTimeout(150_000);
  const name = unique('Mona Mail');
  const account = { email: `${name.toLowerCase().replace(/\s+/g, '-')}@paper.example`, name, password: `pw-${name}` };
  const { context, page } = await freshAccountContext(browser, account, 'moderator');

  // The choice, off by default, on the account's own page.
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Off/ })).toBeChecked();
  await page.getByRole('radio', { name: /^Immediately/ }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByRole('radio', { name: /^Immediately/ })).toBeChecked();

  try {
    const reader = newReader('Held');
    expect(await readerPosts(browser, reader)).toBe('held');
    const mail = await heldMailTo(account.email, reader.comment);
    expect(mail.subject).toMatch(/A comment is waiting for moderation/);
    expect(mail.text).toContain(reader.name);
    expect(mail.text).toContain(reader.email);
    expect(mail.html).toContain(reader.comment);
    const approve = linkAfter(mail, 'Approve');
    const spam = linkAfter(mail, 'Spam');
    expect(approve).toMatch(/\/admin\/confirm\?token=moderate\./);

    // Opening the link changes nothing: two browsers both see the button, and the comment is still held.
    const first = await openWithoutSession(browser, approve);
    const second = await openWithoutSession(browser, approve);
    for (const { page: opened } of [first, second]) {
      await expect(opened.getByRole('heading', { name: 'Approve this comment?' })).toBeVisible();
      await expect(opened.getByText(reader.comment)).toBeVisible();
      // Whoever holds the link alone is not known to be staff: no email on the page.
      expect(await opened.content()).not.toContain(reader.email);
    }
    const before = await publicArticle(browser);
    await expect(publicComment(before.page, reader.name)).toHaveCount(0);
    await before.close();

    // One press approves, as the moderator the link was sent to.
    await first.page.getByRole('button', { name: 'Approve' }).click();
    await expect(first.page.getByRole('heading', { name: 'Approved' })).toBeVisible();
    const after = await publicArticle(browser);
    await expect(publicComment(after.page, reader.name)).toContainText(reader.comment);
    await after.close();

    // The same link again is refused: pressed in the other browser, and opened anew.
    await second.page.getByRole('button', { name: 'Approve' }).click();
    await expect(second.page.getByRole('heading', { name: 'This link was already used' })).toBeVisible();
    await first.close();
    await second.close();
    const again = await openWithoutSession(browser, approve);
    await expect(again.page.getByRole('heading', { name: 'This link was already used' })).toBeVisible();
    await expect(again.page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await again.close();

    // The other step's link, with the moderator's own session: the comment was decided already.
    await page.goto(spam);
    await expect(page.getByRole('heading', { name: 'Already handled' })).toBeVisible();

    // A cut or forged link says so plainly.
    await page.goto(approve.slice(0, -5));
    await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  } finally {
    await page.goto('/admin/account');
    await page.getByRole('radio', { name: /^Off/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toHaveText('Saved.');
    await context.close();
  }
});

test('a role that cannot moderate has no account page for it; a visitor is sent to sign in', async ({ browser }) => {
  const name = unique('Cara Contributor');
  const { context, page } = await freshAccountContext(browser, { email: `${name.toLowerCase().replace(/\s+/g, '-')}@paper.example`, name, password: `pw-${name}` }, 'contributor');
  await page.goto('/admin/account');
  await expect(page).not.toHaveURL(/\/admin\/account/);
  await context.close();
  const stranger = await openWithoutSession(browser, '/admin/account');
  await expect(stranger.page).toHaveURL(/\/login/);
  await stranger.close();
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import { startTestSmtpServer, type TestSmtpServer } from '../lib/test-smtp';
import { e2eSmtpPort } from '../playwright.config';
import { adminState } from './support/accounts';
import { seedArticle, seedComment, type SeededArticle } from './support/db';
import { unique } from './support/helpers';
import { linkIn, mailTo, unfoldedRaw, waitForMail } from './support/mail';
import { strangerOptions } from './support/queue';

// "Your comments and data" end to end (issue 12): a reader asks, the email reaches the test SMTP
// server, its link lists their comments in every state, the downloads hold theirs and no one
// else's, anonymising changes the public name, deleting removes them (a comment with a reply stays
// as a removed one); an unknown address gets the same answer and no email. Then an admin does
// the same for a request by post.

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer(e2eSmtpPort);
});
test.afterAll(() => smtp?.close());

const sentAnswer = 'If comments were written with that address, a link to them is on its way to it.';

type Seeded = { article: SeededArticle; email: string; name: string; texts: Record<'approved' | 'answered' | 'pending' | 'spam' | 'trash', string>; other: { email: string; text: string; name: string } };

/** A reader's comments in every state, one of them answered by another reader, on an article of their own. */
function seedReader(label: string): Seeded {
  const article = seedArticle({ label: `reader-data-${label}` });
  const name = unique(`Dana ${label}`);
  const email = `${unique(`dana-${label}`).toLowerCase()}@example.com`;
  const texts = {
    approved: unique('Dana published'),
    answered: unique('Dana answered'),
    pending: unique('Dana waiting'),
    spam: unique('Dana spam'),
    trash: unique('Dana binned'),
  };
  for (const status of ['approved', 'pending', 'spam', 'trash'] as const) seedComment({ articleId: article.id, name, email, body: texts[status], status });
  const answered = seedComment({ articleId: article.id, name, email, body: texts.answered });
  const other = { name: unique('Omar'), email: `${unique('omar').toLowerCase()}@example.com`, text: unique('Omar replies') };
  seedComment({ articleId: article.id, parentId: answered, name: other.name, email: other.email, body: other.text });
  return { article, email, name, texts, other };
}

async function askFor(browser: Browser, email: string, { javaScript = true } = {}): Promise<void> {
  const context = await browser.newContext({ ...strangerOptions, javaScriptEnabled: javaScript });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Your comments and data' }).click();
  await expect(page.getByRole('heading', { name: 'Your comments and data' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText(sentAnswer);
  await context.close();
}

async function publicPage(browser: Browser, path: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext(strangerOptions);
  const page = await context.newPage();
  await page.goto(path);
  return { page, close: () => context.close() };
}

function commentOnList(page: Page, text: string) {
  return page.getByRole('article').filter({ hasText: text });
}

test('a reader gets a link by email, sees every comment of theirs, downloads them, anonymises one and deletes the rest', async ({ browser }) => {
  test.setTimeout(120_000);
  const dana = seedReader('reader');

  // The form checks the address before anything is sent.
  const context = await browser.newContext(strangerOptions);
  const form = await context.newPage();
  await form.goto('/email/your-data');
  await form.getByLabel('Email').fill('not an address');
  await form.getByRole('button', { name: 'Email me a link' }).click();
  await expect(form.getByText('Email must be a valid address')).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveValue('not an address');
  await context.close();

  await askFor(browser, dana.email.toUpperCase());
  const [mail] = await waitForMail(smtp, dana.email, 1, /^Your comments on/);
  expect(mail!.html).toBeTruthy();
  const raw = unfoldedRaw(mail!);
  expect(raw).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:\d+\/email\/unsubscribe\?token=[^>]+>/m);
  expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  expect(mail!.text).toContain('/email/manage?token=');
  const link = linkIn(mail!, '/email/your-data/comments?token=');
  expect(link.toLowerCase()).not.toContain(dana.email.split('@')[0]);

  const readerContext = await browser.newContext(strangerOptions);
  const page = await readerContext.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Your comments' })).toBeVisible();
  await expect(page.getByText('5 comments written with')).toBeVisible();
  for (const text of Object.values(dana.texts)) await expect(commentOnList(page, text)).toHaveCount(1);
  await expect(commentOnList(page, dana.texts.spam)).toContainText('Held as spam');
  await expect(commentOnList(page, dana.texts.trash)).toContainText('In the bin');
  await expect(page.getByText(dana.other.text)).toHaveCount(0);

  // Downloads: theirs, all of them, and no one else's.
  const jsonHref = await page.getByRole('link', { name: 'Download as JSON' }).getAttribute('href');
  const json = await page.request.get(jsonHref!);
  expect(json.headers()['content-disposition']).toContain('attachment');
  const exported = (await json.json()) as { email: string; comments: { text: string; email: string; status: string }[] };
  expect(exported.email).toBe(dana.email);
  expect(exported.comments.map((c) => c.text).sort()).toEqual(Object.values(dana.texts).sort());
  expect(new Set(exported.comments.map((c) => c.email))).toEqual(new Set([dana.email]));
  expect(JSON.stringify(exported)).not.toContain(dana.other.email);
  expect(JSON.stringify(exported)).not.toContain(dana.other.text);
  const htmlHref = await page.getByRole('link', { name: 'Download as a web page' }).getAttribute('href');
  const html = await (await page.request.get(htmlHref!)).text();
  for (const text of Object.values(dana.texts)) expect(html).toContain(text);
  expect(html).not.toContain(dana.other.text);

  // Anonymise the published one, keeping its text: the public page shows "Anonymous".
  let article = await publicPage(browser, dana.article.path);
  await expect(article.page.getByRole('article').filter({ hasText: dana.texts.approved })).toContainText(dana.name);
  await article.close();
  await commentOnList(page, dana.texts.approved).getByRole('button', { name: 'Anonymise', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Anonymised 1 comment');
  await expect(commentOnList(page, dana.texts.approved)).toHaveCount(0);
  article = await publicPage(browser, dana.article.path);
  const anonymised = article.page.getByRole('article').filter({ hasText: dana.texts.approved });
  await expect(anonymised).toContainText('Anonymous');
  await expect(anonymised).not.toContainText(dana.name);
  await article.close();

  // Delete all: confirmed first; the answered comment stays as a removed one so the reply still reads.
  await page.getByRole('radio', { name: 'Delete them' }).check();
  await page.getByRole('checkbox', { name: /I understand/ }).check();
  await page.getByRole('button', { name: 'Apply to all 4 comments' }).click();
  await expect(page.getByRole('status').first()).toContainText('Deleted 4 comments');
  await expect(page.getByText('No comments written with')).toBeVisible();
  await readerContext.close();

  article = await publicPage(browser, dana.article.path);
  await expect(article.page.getByText(dana.other.text)).toBeVisible();
  await expect(article.page.getByText('This comment was removed at its author’s request.')).toBeVisible();
  await expect(article.page.getByText(dana.texts.answered)).toHaveCount(0);
  await expect(article.page.getByText(dana.name)).toHaveCount(0);
  await expect(article.page.getByText(dana.texts.approved)).toBeVisible();
  await article.close();
});

test('an unknown address gets the same answer (here without JavaScript) and no email; a forged link changes nothing', async ({ browser, page }) => {
  const stranger = `${unique('nobody').toLowerCase()}@example.com`;
  await askFor(browser, stranger, { javaScript: false });
  await page.waitForTimeout(3_000);
  expect(mailTo(smtp, stranger)).toHaveLength(0);
  await page.goto('/email/your-data/comments?token=data.abc.1.def');
  await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  expect((await page.request.get('/email/your-data/download?token=data.abc.1.def&format=json')).status()).toBe(400);
});

test('an admin does the same for a request by post: look up, download, anonymise', async ({ browser }) => {
  const dana = seedReader('admin');
  const admin = await browser.newContext({ storageState: adminState });
  const page = await admin.newPage();
  await page.goto('/admin/reader-data');
  await page.getByLabel('Reader’s email').fill(dana.email);
  await page.getByRole('button', { name: 'Find their comments' }).click();
  await expect(page.getByText('5 comments written with')).toBeVisible();
  expect(page.url()).not.toContain(dana.email.split('@')[0]);
  const jsonHref = await page.getByRole('link', { name: 'Download as JSON' }).getAttribute('href');
  const exported = (await (await page.request.get(jsonHref!)).json()) as { comments: { text: string }[] };
  expect(exported.comments).toHaveLength(5);
  await page.getByRole('radio', { name: /Anonymise them and remove their text/ }).check();
  await page.getByRole('checkbox', { name: /I understand/ }).check();
  await page.getByRole('button', { name: 'Apply to all 5 comments' }).click();
  await expect(page.getByRole('status').first()).toContainText('Anonymised 5 comments, their text removed');
  await admin.close();
  const article = await publicPage(browser, dana.article.path);
  await expect(article.page.getByText(dana.other.text)).toBeVisible();
  await expect(article.page.getByText(dana.texts.approved)).toHaveCount(0);
  await expect(article.page.getByText(dana.name)).toHaveCount(0);
  await article.close();
});

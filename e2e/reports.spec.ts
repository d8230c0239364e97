import { expect, test, type Browser, type Page } from '@playwright/test';
import { relaxedAbuseSettings, seedArticle, seedComment, seedKnownReader, setSettings } from './support/db';
import { postReply, unique } from './support/helpers';
import { addAccount } from './support/accounts';

async function signInNewAdmin(browser: Browser): Promise<Page> {
  const email = `${unique('admin')}@margin.test`;
  const password = 'a long enough password';
  addAccount({ email, name: 'Reports Admin', password }, 'admin');
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login?callbackUrl=/admin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible();
  return page;
}

test.afterEach(() => setSettings({ ...relaxedAbuseSettings, reportThreshold: 3 }));

test('a regular reader’s report takes a comment off the page at the threshold; a moderator sees why and can dismiss', async ({ page, browser, baseURL }) => {
  setSettings({ reportThreshold: 1 });
  const article = seedArticle({ label: 'reported' });
  const body = unique('Buy cheap watches');
  const commentId = seedComment({ articleId: article.id, name: 'Spammy Sam', body });

  await page.context().addCookies([seedKnownReader(baseURL!)]);
  await page.goto(article.path);
  const comment = page.getByRole('article', { name: 'Spammy Sam' });
  await comment.getByRole('button', { name: 'Report' }).click();
  await comment.getByRole('radio', { name: 'Spam' }).check();
  await comment.getByLabel('Note for the moderators (optional)').fill('Advert for watches');
  await comment.getByRole('button', { name: 'Send report' }).click();
  // The threshold is reached: the comment leaves the page at once, for the reporter too.
  await expect(page.getByText(body)).toHaveCount(0);

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(article.path);
  await expect(fresh.getByText(body)).toHaveCount(0);

  const admin = await signInNewAdmin(browser);
  await admin.getByRole('link', { name: /^Reported \(\d+\)/ }).click();
  const row = admin.getByRole('article').filter({ hasText: body });
  await expect(row).toContainText('Reported 1× by readers');
  await expect(row).toContainText('spam: “Advert for watches”');
  await row.getByRole('button', { name: 'Dismiss reports' }).click();
  await expect(row).toHaveCount(0);

  await fresh.reload();
  await expect(fresh.getByText(body)).toBeVisible();
  expect(commentId).toBeGreaterThan(0);
});

test('a stranger’s report weighs half a regular reader’s: at a threshold of 1 the comment stays on the page', async ({ page }) => {
  setSettings({ reportThreshold: 1 });
  const article = seedArticle({ label: 'reported-by-stranger' });
  const body = unique('Unpopular but fair');
  seedComment({ articleId: article.id, name: 'Fair Fiona', body });
  await page.goto(article.path);
  const comment = page.getByRole('article', { name: 'Fair Fiona' });
  await comment.getByRole('button', { name: 'Report' }).click();
  await comment.getByRole('radio', { name: 'Abuse' }).check();
  await comment.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Thank you. A moderator will look at this comment.')).toBeVisible();
  await page.reload();
  await expect(page.getByText(body)).toBeVisible();
});

test('reporting works without JavaScript, and a second report from the same reader is not counted', async ({ browser }) => {
  setSettings({ reportThreshold: 5 });
  const article = seedArticle({ label: 'report-nojs' });
  const body = unique('Off topic rant');
  seedComment({ articleId: article.id, name: 'Ranting Rita', body });
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  for (const expected of ['Thank you. A moderator will look at this comment.', 'You have reported this comment already.']) {
    await page.goto(article.path);
    await page.getByRole('article', { name: 'Ranting Rita' }).getByRole('button', { name: 'Report' }).click();
    const comment = page.getByRole('article', { name: 'Ranting Rita' });
    await comment.getByRole('radio', { name: 'Off-topic' }).check();
    await comment.getByRole('button', { name: 'Send report' }).click();
    await expect(page.getByText(expected)).toBeVisible();
  }
  await page.goto(article.path);
  await expect(page.getByText(body)).toBeVisible();
});

test('a banned email posts straight to Spam with the reason, until the ban is lifted', async ({ page, browser }) => {
  // Signs in a new admin and posts through the browser before and after the ban is lifted: 60 s on a busy machine.
  test.setTimeout(60_000);
  const article = seedArticle({ label: 'banned' });
  const email = `${unique('troll')}@example.com`;
  const admin = await signInNewAdmin(browser);

  await page.goto(article.path);
  const first = unique('First troll post');
  await postReply(page, { comment: first, name: 'Troll', email });
  await expect(page.getByText('Your comment is awaiting moderation.')).toBeVisible();

  await admin.reload();
  const row = admin.getByRole('article').filter({ hasText: first });
  await row.getByRole('button', { name: 'Ban' }).click();
  await row.getByLabel(`the email ${email}`).check();
  await row.getByLabel('For', { exact: true }).selectOption('7');
  await row.getByLabel('Note', { exact: true }).fill('Repeated trolling');
  await row.getByRole('button', { name: 'Ban', exact: true }).last().click();
  await expect(row.getByRole('status')).toContainText(`Banned ${email}`);

  await page.goto(article.path);
  const second = unique('Second troll post');
  await postReply(page, { comment: second, name: 'Troll', email });
  await expect(page.getByRole('article').filter({ hasText: second })).toContainText('Your comment is awaiting moderation.');

  await admin.goto('/admin?status=spam');
  await expect(admin.getByRole('article').filter({ hasText: second })).toContainText('banned email');

  await admin.goto('/admin/bans');
  await expect(admin.getByRole('cell', { name: `Email ${email}` })).toBeVisible();
  await expect(admin.getByRole('cell', { name: 'Repeated trolling' })).toBeVisible();
  await admin.getByRole('button', { name: `Lift the ban on ${email}` }).click();
  // Other tests may hold bans of their own: this one's row is what must go.
  await expect(admin.getByRole('cell', { name: `Email ${email}` })).toHaveCount(0);
});

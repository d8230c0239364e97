import { expect, test, type Page } from '@playwright/test';
import { adminState, moderatorState } from './support/accounts';
import { launchPath, postReply, unique } from './support/helpers';
import { seedArticle, seedComment } from './support/db';
import { newReader, openQueue, publicArticle, publicComment, queueRow, readerPosts, strangerOptions, threadOf } from './support/queue';

type Settings = {
  policy: 'all' | 'first_time' | 'none';
  links: number;
  moderationWords: string;
  disallowedWords: string;
  closeAfterDays: string;
  threadDepth: number;
  commentsPerPage: number;
};
const defaults: Settings = {
  policy: 'all',
  links: 2,
  moderationWords: '',
  disallowedWords: '',
  closeAfterDays: '',
  threadDepth: 5,
  commentsPerPage: 50,
};
const policyLabels = {
  all: 'A moderator must approve every comment',
  first_time: 'A moderator must approve a first comment',
  none: 'Comments appear at once',
} as const;

async function saveSettings(page: Page, changes: Partial<Settings>) {
  const next = { ...defaults, ...changes };
  await page.goto('/admin/settings');
  await page.getByRole('radio', { name: policyLabels[next.policy] }).check();
  await page.getByLabel('Hold a comment with more than this many links').fill(String(next.links));
  await page.getByLabel('Moderation words').fill(next.moderationWords);
  await page.getByLabel('Disallowed words').fill(next.disallowedWords);
  await page.getByLabel('Close comments on articles older than').fill(next.closeAfterDays);
  await page.getByLabel('Threading depth').fill(String(next.threadDepth));
  await page.getByLabel('Comments per page').fill(String(next.commentsPerPage));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved. They apply from the next comment.');
}

test.describe('discussion settings', () => {
  test.use({ storageState: adminState });
  // Each test saves settings twice and has readers post through their own browsers (the posting is
  // what these settings change): on a loaded 2-core machine that needs more than 30 s.
  test.describe.configure({ timeout: 60_000 });

  // Settings are site-wide: every test puts them back for the specs that run after it.
  test.afterEach(async ({ page }) => {
    await saveSettings(page, {});
    await page.goto('/admin/settings');
    const open = page.getByRole('button', { name: /^Open comments on PM,/ });
    if (await open.count()) await open.click();
    await expect(page.getByRole('button', { name: /^Close comments on PM,/ })).toBeVisible();
  });

  test('policy "none": a comment appears at once', async ({ page, browser }) => {
    await saveSettings(page, { policy: 'none' });
    const reader = newReader('Instant');
    expect(await readerPosts(browser, reader)).toBe('published');
    const stranger = await publicArticle(browser);
    await expect(publicComment(stranger.page, reader.name)).toContainText(reader.comment);
    await stranger.close();
  });

  test('policy "first_time": the first comment is held, the next from the same email appears at once', async ({ page, browser }) => {
    await saveSettings(page, { policy: 'first_time' });
    const reader = newReader('Newcomer');
    expect(await readerPosts(browser, reader)).toBe('held');
    await openQueue(page, reader.name);
    await expect(queueRow(page, reader.name)).toContainText('Held: first comment from this email');
    await queueRow(page, reader.name).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(queueRow(page, reader.name)).toHaveCount(0);

    const second = { ...reader, name: `${reader.name} Again`, comment: `Second from ${reader.name}` };
    expect(await readerPosts(browser, second)).toBe('published');
    // A stranger with another email is still held.
    const other = newReader('Other');
    expect(await readerPosts(browser, other)).toBe('held');
    const stranger = await publicArticle(browser);
    await expect(publicComment(stranger.page, second.name)).toContainText(second.comment);
    await expect(publicComment(stranger.page, other.name)).toHaveCount(0);
    await stranger.close();
  });

  test('more links than allowed: held, with the reason shown in the queue', async ({ page, browser }) => {
    await saveSettings(page, { policy: 'none', links: 1 });
    const oneLink = newReader('OneLink');
    oneLink.comment = `See https://example.com/a for ${oneLink.name}`;
    expect(await readerPosts(browser, oneLink)).toBe('published');
    const twoLinks = newReader('TwoLinks');
    twoLinks.comment = `See https://example.com/a and https://example.com/b for ${twoLinks.name}`;
    expect(await readerPosts(browser, twoLinks)).toBe('held');
    await openQueue(page, twoLinks.name);
    await expect(queueRow(page, twoLinks.name)).toContainText('Held: 2 links');
  });

  test('a moderation word holds the comment; a disallowed word sends it to Spam', async ({ page, browser }) => {
    const holdWord = unique('holdword').replace(/-/g, '');
    const spamWord = unique('spamword').replace(/-/g, '');
    await saveSettings(page, { policy: 'none', moderationWords: holdWord, disallowedWords: spamWord });

    const held = newReader('Worded');
    held.comment = `This mentions ${holdWord} in passing`;
    expect(await readerPosts(browser, held)).toBe('held');
    await openQueue(page, held.name);
    await expect(queueRow(page, held.name)).toContainText(`Held: moderation word: ${holdWord}`);

    const spam = newReader('Banned');
    spam.comment = `Buy ${spamWord} now`;
    await readerPosts(browser, spam);
    await openQueue(page, spam.name);
    await expect(queueRow(page, spam.name)).toHaveCount(0);
    await openQueue(page, spam.name, 'spam');
    await expect(queueRow(page, spam.name)).toContainText(spam.comment);

    const stranger = await publicArticle(browser);
    await expect(publicComment(stranger.page, held.name)).toHaveCount(0);
    await expect(publicComment(stranger.page, spam.name)).toHaveCount(0);
    await stranger.close();
  });

  test('closing an article: the form says "Comments are closed." and the action refuses a form opened before', async ({ page, browser }) => {
    await saveSettings(page, { policy: 'none' });
    const context = await browser.newContext(strangerOptions);
    const reader = await context.newPage();
    await reader.goto(launchPath);
    await expect(reader.getByRole('button', { name: 'Post Comment' })).toBeVisible();

    await page.goto('/admin/settings');
    await page.getByRole('button', { name: /^Close comments on PM,/ }).click();
    await expect(page.getByRole('button', { name: /^Open comments on PM,/ })).toBeVisible();

    // The reader's page was loaded while comments were open.
    const late = newReader('Late');
    await postReply(reader, late);
    await expect(reader.getByText('Comments are closed.')).toBeVisible();
    await reader.reload();
    await expect(reader.getByText('Comments are closed.')).toBeVisible();
    await expect(reader.getByRole('button', { name: 'Post Comment' })).toHaveCount(0);
    await expect(reader.getByRole('article', { name: late.name, exact: true })).toHaveCount(0);
    await context.close();
    for (const status of ['pending', 'approved', 'spam'] as const) {
      await openQueue(page, late.name, status);
      await expect(queueRow(page, late.name)).toHaveCount(0);
    }
  });

  test('threading depth: replies nest up to the depth, deeper ones sit beside their parent', async ({ page, browser }) => {
    await saveSettings(page, { policy: 'none', threadDepth: 2 });
    const first = newReader('Depth1');
    const second = newReader('Depth2');
    const third = newReader('Depth3');
    await readerPosts(browser, first);
    await readerPosts(browser, second, first.name);
    await readerPosts(browser, third, second.name);
    const stranger = await publicArticle(browser);
    const firstThread = threadOf(stranger.page, first.name);
    await expect(firstThread.getByRole('article', { name: second.name, exact: true })).toBeVisible();
    await expect(firstThread.getByRole('article', { name: third.name, exact: true })).toBeVisible();
    await expect(threadOf(stranger.page, second.name).getByRole('article', { name: third.name, exact: true })).toHaveCount(0);
    await stranger.close();

    await saveSettings(page, { policy: 'none', threadDepth: 3 });
    const deeper = await publicArticle(browser);
    await expect(threadOf(deeper.page, second.name).getByRole('article', { name: third.name, exact: true })).toBeVisible();
    await deeper.close();
  });

  test('comments per page splits the discussion into pages', async ({ page, browser }) => {
    await saveSettings(page, { commentsPerPage: 5 });
    // Six approved comments only need to exist: written straight into a new article, not posted.
    const article = seedArticle({ label: 'paged' });
    const names = Array.from({ length: 6 }, (_, i) => unique(`Paged${i}`));
    const ids = names.map((name, i) =>
      seedComment({ articleId: article.id, name, body: `Comment from ${name}`, createdAt: new Date(Date.now() - (6 - i) * 60_000) }),
    );
    const newest = names[5]!;
    const context = await browser.newContext(strangerOptions);
    const stranger = await context.newPage();
    await stranger.goto(article.path);
    const pager = stranger.getByRole('navigation', { name: 'Comment pages' });
    // The article shows its first page, oldest first; the newest comment is on the next.
    await expect(pager).toContainText('Page 1 of 2');
    await expect(stranger.getByRole('article', { name: names[0]!, exact: true })).toBeVisible();
    await expect(stranger.getByRole('article', { name: newest, exact: true })).toHaveCount(0);
    await pager.getByRole('link', { name: 'Newer comments →' }).click();
    await expect(stranger).toHaveURL(/\/comments\/2#comments-title$/);
    await expect(stranger.getByRole('article', { name: newest, exact: true })).toBeVisible();
    await expect(stranger.getByRole('article', { name: names[0]!, exact: true })).toHaveCount(0);
    await stranger.goto(`/comments/${ids[0]}`);
    await expect(stranger.getByRole('article', { name: names[0]!, exact: true })).toBeVisible();
    await context.close();
  });
});

test.describe('a moderator who is not an admin', () => {
  test.use({ storageState: moderatorState });

  for (const path of ['/admin/settings', '/admin/moderators']) {
    test(`is sent from ${path} to the queue with a notice`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/admin\?notice=admins-only$/);
      await expect(page.getByRole('status').filter({ hasText: 'Only admins can open that page.' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Settings' })).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'People' })).toHaveCount(0);
    });
  }
});

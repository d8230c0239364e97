import { expect, test } from '@playwright/test';
import { seedArticle, seedComment, setSettings } from './support/db';
import { restoreSettings } from './support/abuse';
import {
  commentByText,
  errorSummary,
  expectHeld,
  heldNotice,
  launchPath,
  nestedReply,
  postReply,
  saveDetailsLabel,
  unique,
  websiteField,
} from './support/helpers';

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

test('the form reproduces the original page: heading, note, labels, checkbox and button', async ({ page }) => {
  await page.goto(launchPath);
  const respond = page.getByRole('region', { name: 'Leave a Reply' });
  await expect(respond.getByRole('heading', { level: 2, name: 'Leave a Reply' })).toBeVisible();
  await expect(respond).toContainText('Your email address will not be published. Required fields are marked *');
  for (const label of ['Comment *', 'Name *', 'Email *', 'Website']) {
    await expect(respond.getByLabel(label, { exact: true })).toBeEditable();
  }
  await expect(respond.getByRole('checkbox', { name: saveDetailsLabel })).not.toBeChecked();
  await expect(respond.getByRole('button', { name: 'Post Comment' })).toBeEnabled();
});

test('an empty submit marks Comment, Name and Email next to the fields and focuses the summary', async ({ page }) => {
  await page.goto(launchPath);
  await websiteField(page).fill('https://example.com/kept');
  await page.getByRole('button', { name: 'Post Comment' }).click();

  const summary = errorSummary(page);
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('listitem')).toHaveText(['Comment is required.', 'Name is required.', 'Email is required.']);
  for (const [label, message] of [
    ['Comment *', 'Comment is required.'],
    ['Name *', 'Name is required.'],
    ['Email *', 'Email is required.'],
  ] as const) {
    const field = page.getByLabel(label);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(`Error: ${message}`);
  }
  await expect(websiteField(page)).not.toHaveAttribute('aria-invalid', 'true');
  await expect(websiteField(page)).toHaveValue('https://example.com/kept');

  // The summary's links lead to the fields.
  await summary.getByRole('link', { name: 'Name is required.' }).click();
  await expect(page).toHaveURL(/#name$/);

  // Fixing a field clears its error as you type; nothing was posted.
  const comment = unique('Now with text');
  await page.getByLabel('Comment *').fill(comment);
  await expect(page.getByLabel('Comment *')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Comment *')).toHaveAccessibleDescription('');
  await expect(page.getByLabel('Name *')).toHaveAttribute('aria-invalid', 'true');
  await expect(commentByText(page, comment)).toHaveCount(0);
});

test('fields are checked as you go and everything typed is kept', async ({ page }) => {
  await page.goto(launchPath);
  const comment = unique('Typed and kept');
  const email = page.getByLabel('Email *');
  await page.getByLabel('Comment *').fill(comment);
  await page.getByLabel('Name *').fill('Kept Name');
  await email.fill('not-an-address');
  await email.blur();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/Email must be a valid address/);
  await expect(errorSummary(page)).toHaveCount(0);

  const website = websiteField(page);
  await website.fill('javascript:alert(1)');
  await website.blur();
  await expect(website).toHaveAccessibleDescription(/Website must start with http:\/\/ or https:\/\//);

  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expect(errorSummary(page)).toBeFocused();
  await expect(page.getByLabel('Comment *')).toHaveValue(comment);
  await expect(page.getByLabel('Name *')).toHaveValue('Kept Name');
  await expect(email).toHaveValue('not-an-address');
  await expect(website).toHaveValue('javascript:alert(1)');

  await email.fill(`${unique('fixed')}@example.com`);
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await website.fill('example.com');
  await expect(website).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expect(page.getByRole('status')).toContainText('held for review');
  await expectHeld(page, comment);
  // "example.com" is stored as the reader's https site.
  await expect(commentByText(page, comment).getByRole('link', { name: 'Kept Name' })).toHaveAttribute(
    'href',
    'https://example.com/',
  );
});

test('posting shows a pending state, then the held comment in place and an empty form', async ({ page }) => {
  await page.goto(launchPath);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(launchPath, async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });

  const text = unique('Pending state');
  const website = `https://example.org/${unique('site')}`;
  await postReply(page, { comment: text, name: 'Pat Pending', email: `${unique('pat')}@example.com`, website });
  const posting = page.getByRole('button', { name: 'Posting…' });
  await expect(posting).toBeVisible();
  await expect(posting).toBeDisabled();
  release();

  const status = page.getByRole('status');
  await expect(status).toContainText('held for review');
  await expect(status).toBeFocused();
  await expectHeld(page, text);
  await expect(commentByText(page, text).getByRole('link', { name: 'Pat Pending' })).toHaveAttribute('href', website);
  await expect(commentByText(page, text).getByRole('button', { name: 'Reply' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Post Comment' })).toBeEnabled();
  for (const label of ['Comment *', 'Name *', 'Email *', 'Website']) {
    await expect(page.getByLabel(label, { exact: true })).toHaveValue('');
  }
  await expect(page.getByLabel(saveDetailsLabel)).not.toBeChecked();
});

test('a reply nests its held answer under an approved parent', async ({ page, browser }) => {
  const article = seedArticle({ label: 'reply-flow' });
  const parentName = unique('Grace Parent');
  const parentText = unique('The parent comment');
  seedComment({ articleId: article.id, name: parentName, body: parentText });
  const otherName = unique('Other Root');
  seedComment({ articleId: article.id, name: otherName, body: unique('Another root comment') });

  await page.goto(article.path);
  const parent = page.getByRole('article', { name: parentName });
  await expect(parent).toContainText(parentText);

  // Reply, cancel, reply again.
  await parent.getByRole('button', { name: 'Reply' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Reply to ${parentName}` })).toBeVisible();
  await expect(page.getByLabel('Comment *')).toBeFocused();
  await page.getByRole('link', { name: 'Cancel reply' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Leave a Reply' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cancel reply' })).toHaveCount(0);
  await parent.getByRole('button', { name: 'Reply' }).click();
  await expect(page.getByRole('heading', { level: 2, name: `Reply to ${parentName}` })).toBeVisible();

  const replyText = unique('My answer');
  await postReply(page, { comment: replyText, name: unique('Replier'), email: `${unique('replier')}@example.com` });
  await expect(page.getByRole('status')).toContainText('held for review');
  const reply = nestedReply(page, parentName, replyText);
  await expect(reply).toBeVisible();
  await expect(reply).toContainText(heldNotice);
  await expect(nestedReply(page, otherName, replyText)).toHaveCount(0);
  // The form goes back to a reply to the article.
  await expect(page.getByRole('heading', { level: 2, name: 'Leave a Reply' })).toBeVisible();

  await page.reload();
  await expect(nestedReply(page, parentName, replyText)).toContainText(heldNotice);

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(article.path);
  await expect(strangerPage.getByRole('article', { name: parentName })).toBeVisible();
  await expect(strangerPage.getByText(replyText)).toHaveCount(0);
  await stranger.close();
});

test('a held comment is shown to its author alone, across reloads and new tabs', async ({ page, context, browser }) => {
  // Two readers post through their browsers and the page is opened in four tabs: 60 s on a busy machine.
  test.setTimeout(60_000);
  const article = seedArticle({ label: 'held-private' });
  await page.goto(article.path);
  const text = unique('Only mine');
  await postReply(page, { comment: text, name: unique('Author'), email: `${unique('author')}@example.com` });
  await expectHeld(page, text);

  const sameBrowser = await context.newPage();
  await sameBrowser.goto(article.path);
  await expectHeld(sameBrowser, text);
  await sameBrowser.close();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(article.path);
  await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText(article.headline);
  await expect(otherPage.getByText(text)).toHaveCount(0);
  await expect(otherPage.getByText(heldNotice)).toHaveCount(0);
  // The other reader's own post does not reveal the first one either.
  const theirs = unique('Theirs');
  await postReply(otherPage, { comment: theirs, name: unique('Other'), email: `${unique('other')}@example.com` });
  await expectHeld(otherPage, theirs);
  await otherPage.reload();
  await expectHeld(otherPage, theirs);
  await expect(otherPage.getByText(text)).toHaveCount(0);
  await other.close();

  await page.reload();
  await expectHeld(page, text);
  await expect(page.getByText(theirs)).toHaveCount(0);
});

test('an article with comments closed shows no form', async ({ page }) => {
  const article = seedArticle({ label: 'closed', commentsOpen: false });
  const name = unique('Old Commenter');
  seedComment({ articleId: article.id, name, body: unique('Said before closing') });
  await page.goto(article.path);
  await expect(page.getByText('Comments are closed.')).toBeVisible();
  await expect(page.getByRole('article', { name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Post Comment' })).toHaveCount(0);
  await expect(page.getByLabel('Comment *')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reply' })).toHaveCount(0);
});

test('with JavaScript the post is answered with the form\'s state, not the page; a published reply shows in place and for everyone', async ({ page, browser }) => {
  setSettings({ approvalPolicy: 'none' });
  try {
    const article = seedArticle({ label: 'js-post-answer' });
    const parentName = unique('Parent');
    seedComment({ articleId: article.id, name: parentName, body: unique('The parent comment') });
    await page.goto(article.path);
    await page.getByRole('article', { name: parentName }).getByRole('button', { name: 'Reply' }).click();

    const text = unique('Published at once');
    // The action's answer, kept as it passes: the page moves to the new comment's anchor at once,
    // after which the browser no longer gives the body of a response it had.
    const answers: { text: string; headers: Record<string, string> }[] = [];
    await page.route(`**${article.path}`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const response = await route.fetch();
      answers.push({ text: await response.text(), headers: response.headers() });
      await route.fulfill({ response });
    });
    await postReply(page, { comment: text, name: unique('Poster'), email: `${unique('poster')}@example.com` });
    await expect.poll(() => answers.length).toBe(1);
    const [answer] = answers;
    // The form's state (a message and the comment), not the article rendered again.
    expect(answer!.headers['content-type']).toContain('text/x-component');
    expect(answer!.text).toContain('Your comment is published');
    expect(answer!.text).not.toContain(article.headline);
    expect(answer!.headers['set-cookie'] ?? '').toBe('');

    await expect(page.getByRole('status')).toContainText('Your comment is published');
    const reply = nestedReply(page, parentName, text);
    await expect(reply).toBeVisible();
    await expect(reply).not.toContainText(heldNotice);
    // The page's script keeps what the server no longer sets: the held-list names this article, so
    // Edit and Delete are offered for the comment just written.
    await expect(reply.getByRole('link', { name: 'Edit' })).toBeVisible();

    const other = await browser.newPage();
    await other.goto(article.path);
    await expect(nestedReply(other, parentName, text)).toBeVisible();
    await other.close();
  } finally {
    restoreSettings();
  }
});

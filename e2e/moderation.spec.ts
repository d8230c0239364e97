import { expect, test } from '@playwright/test';
import { adminAccount, adminState, moderatorAccount, moderatorState } from './support/accounts';
import { act, newReader, openQueue, publicArticle, publicComment, queueRow, readerPosts, seedHeldComment, threadOf } from './support/queue';

test.use({ storageState: moderatorState });

// The whole path a comment takes, in four browsers, posted through the form: on a loaded 2-core
// machine it needs more than the default 30 s.
test('a reader posts, a moderator approves, a stranger sees it; a later reply nests under it; a staff reply is badged', async ({ page, browser }) => {
  test.setTimeout(60_000);
  const reader = newReader('Ada');
  expect(await readerPosts(browser, reader)).toBe('held');

  // Held: nobody else sees it yet.
  let stranger = await publicArticle(browser);
  await expect(publicComment(stranger.page, reader.name)).toHaveCount(0);
  await stranger.close();

  // The filter form narrows the queue to this comment.
  await page.goto('/admin');
  await page.getByLabel('Search', { exact: true }).fill(reader.name);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/status=pending/);
  const row = queueRow(page, reader.name);
  await expect(row).toContainText(reader.comment);
  await expect(row).toContainText(reader.email);
  await expect(row).toContainText('Held: every comment is held for review');
  await act(page, reader.name, 'Approve');

  stranger = await publicArticle(browser);
  await expect(publicComment(stranger.page, reader.name)).toContainText(reader.comment);
  await stranger.close();

  // A reply to it is held, then approved, and shows nested under it.
  const replier = newReader('Bo');
  await readerPosts(browser, replier, reader.name);
  await openQueue(page, replier.name);
  await expect(queueRow(page, replier.name)).toContainText(`In reply to ${reader.name}`);
  await act(page, replier.name, 'Approve');

  // A staff reply from the queue is published at once, marked Staff.
  const staffText = `Thanks for this, ${reader.name}.`;
  await openQueue(page, reader.name, 'approved');
  await queueRow(page, reader.name).getByRole('button', { name: 'Reply' }).click();
  await page.getByLabel('Your reply').fill(staffText);
  await page.getByRole('button', { name: 'Publish reply' }).click();
  await expect(queueRow(page, reader.name).getByRole('status')).toHaveText('Reply published.');

  stranger = await publicArticle(browser);
  const thread = threadOf(stranger.page, reader.name);
  await expect(thread.getByRole('list').getByRole('article', { name: replier.name, exact: true })).toContainText(replier.comment);
  const staffReply = thread.getByRole('list').getByRole('article').filter({ hasText: staffText });
  await expect(staffReply).toHaveAccessibleName(moderatorAccount.name);
  await expect(staffReply.getByText('Staff', { exact: true })).toBeVisible();
  await expect(publicComment(stranger.page, reader.name).getByText('Staff', { exact: true })).toHaveCount(0);
  await stranger.close();
});

test('spam never appears publicly, not even after "Not spam"', async ({ page, browser }) => {
  const reader = newReader('Spammy');
  seedHeldComment(reader);
  await openQueue(page, reader.name);
  await act(page, reader.name, 'Spam');

  await openQueue(page, reader.name, 'spam');
  await expect(queueRow(page, reader.name)).toContainText(reader.comment);
  const stranger = await publicArticle(browser);
  await expect(publicComment(stranger.page, reader.name)).toHaveCount(0);

  await act(page, reader.name, 'Not spam');
  await openQueue(page, reader.name, 'pending');
  await expect(queueRow(page, reader.name)).toBeVisible();
  await stranger.page.reload();
  await expect(publicComment(stranger.page, reader.name)).toHaveCount(0);
  await stranger.close();
});

test('unapprove and trash take an approved comment off the public page', async ({ page, browser }) => {
  const reader = newReader('Cy');
  seedHeldComment(reader);
  await openQueue(page, reader.name);
  await act(page, reader.name, 'Approve');
  const stranger = await publicArticle(browser);
  await expect(publicComment(stranger.page, reader.name)).toBeVisible();

  await openQueue(page, reader.name, 'approved');
  await act(page, reader.name, 'Unapprove');
  await stranger.page.reload();
  await expect(publicComment(stranger.page, reader.name)).toHaveCount(0);

  await openQueue(page, reader.name, 'pending');
  await act(page, reader.name, 'Approve');
  await stranger.page.reload();
  await expect(publicComment(stranger.page, reader.name)).toBeVisible();

  await openQueue(page, reader.name, 'approved');
  await act(page, reader.name, 'Trash');
  await stranger.page.reload();
  await expect(publicComment(stranger.page, reader.name)).toHaveCount(0);
  await stranger.close();

  await openQueue(page, reader.name, 'trash');
  await expect(queueRow(page, reader.name)).toBeVisible();
});

test('an edit by a moderator changes the public text and name', async ({ page, browser }) => {
  const reader = newReader('Dee');
  seedHeldComment(reader);
  await openQueue(page, reader.name);
  await act(page, reader.name, 'Approve');

  const edited = `Edited: ${reader.comment} (typo fixed)`;
  const newName = `${reader.name} Edited`;
  await openQueue(page, reader.name, 'approved');
  await queueRow(page, reader.name).getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: `Edit the comment by ${reader.name}` });
  await expect(form.getByLabel('Text')).toHaveValue(reader.comment);
  await form.getByLabel('Text').fill(edited);
  await form.getByLabel('Name').fill(newName);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(queueRow(page, newName)).toContainText(edited);

  const stranger = await publicArticle(browser);
  await expect(publicComment(stranger.page, newName)).toContainText(edited);
  await expect(stranger.page.getByText(reader.comment, { exact: true })).toHaveCount(0);
  await expect(publicComment(stranger.page, reader.name)).toHaveCount(0);
  await stranger.close();
});

test('Delete permanently is offered only in Trash, and only after a confirmation', async ({ page }) => {
  const reader = newReader('Eve');
  seedHeldComment(reader);
  await openQueue(page, reader.name);
  const row = queueRow(page, reader.name);
  await expect(row.getByRole('button', { name: 'Delete permanently' })).toHaveCount(0);
  await act(page, reader.name, 'Trash');

  await openQueue(page, reader.name, 'trash');
  await row.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(row).toContainText('Delete this comment for good?');
  await expect(row.getByRole('button', { name: 'Restore' })).toHaveCount(0);
  // The first click only asked: the comment is still there after a reload.
  await page.reload();
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(row).toContainText('Delete this comment for good?');
  await row.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(row).toHaveCount(0);
  for (const status of ['pending', 'approved', 'spam', 'trash'] as const) {
    await openQueue(page, reader.name, status);
    await expect(page.getByText(`No ${status} comments match this filter.`)).toBeVisible();
  }
});

test.describe('history', () => {
  test('the History of a comment says which moderator did what', async ({ page, browser }) => {
    const reader = newReader('Fay');
    seedHeldComment(reader);
    await openQueue(page, reader.name);
    await act(page, reader.name, 'Approve');

    const adminContext = await browser.newContext({ storageState: adminState });
    const admin = await adminContext.newPage();
    await openQueue(admin, reader.name, 'approved');
    await act(admin, reader.name, 'Unapprove');
    await adminContext.close();

    await openQueue(page, reader.name, 'pending');
    const row = queueRow(page, reader.name);
    await row.getByText('History (2)').click();
    const history = row.getByRole('group').getByRole('listitem');
    await expect(history).toHaveCount(2);
    await expect(history.filter({ hasText: `${moderatorAccount.name}: approve (pending → approved)` })).toHaveCount(1);
    await expect(history.filter({ hasText: `${adminAccount.name}: unapprove (approved → pending)` })).toHaveCount(1);
  });
});

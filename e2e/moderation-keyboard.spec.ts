import { expect, test } from '@playwright/test';
import { moderatorState } from './support/accounts';
import { flagComment, seedArticle, seedComment } from './support/db';
import { unique } from './support/helpers';
import { newReader, openQueue, publicArticle, publicComment, queueRow, seedHeldComment, threadOf } from './support/queue';

test.use({ storageState: moderatorState });

/** Three readers whose names share one tag, so the queue can be filtered to just them. */
function threeComments(label: string) {
  const tag = unique(label);
  const names = ['One', 'Two', 'Three'].map((n) => `${tag} ${n}`);
  for (const name of names) {
    seedHeldComment({ name, email: `${name.replace(/\s+/g, '.').toLowerCase()}@example.com`, comment: `Text by ${name}` });
  }
  return { tag, names: names as [string, string, string] };
}

test('j/k move between rows; a, s and t decide the row in focus; r opens the reply', async ({ page }) => {
  const { tag, names } = threeComments('Keys');
  const [one, two, three] = names;
  await openQueue(page, tag);
  await expect(page.getByLabel('Keyboard shortcuts')).toBeVisible();
  // Newest first: Three, Two, One.
  await page.keyboard.press('j');
  await expect(queueRow(page, three)).toBeFocused();
  await page.keyboard.press('j');
  await expect(queueRow(page, two)).toBeFocused();
  await page.keyboard.press('j');
  await expect(queueRow(page, one)).toBeFocused();
  await page.keyboard.press('k');
  await expect(queueRow(page, two)).toBeFocused();

  await page.keyboard.press('r');
  await expect(queueRow(page, two).getByLabel('Your reply')).toBeFocused();
  // Typing in the reply box is text, not shortcuts.
  await page.keyboard.type('ast');
  await expect(queueRow(page, two).getByLabel('Your reply')).toHaveValue('ast');
  await expect(queueRow(page, two)).toBeVisible();

  await queueRow(page, two).focus();
  await page.keyboard.press('a');
  await expect(queueRow(page, two)).toHaveCount(0);

  await queueRow(page, three).focus();
  await page.keyboard.press('s');
  await expect(queueRow(page, three)).toHaveCount(0);

  await page.keyboard.press('j');
  await expect(queueRow(page, one)).toBeFocused();
  await page.keyboard.press('t');
  await expect(queueRow(page, one)).toHaveCount(0);

  await openQueue(page, tag, 'approved');
  await expect(page.getByRole('article')).toHaveCount(1);
  await expect(queueRow(page, two)).toBeVisible();
  await openQueue(page, tag, 'spam');
  await expect(page.getByRole('article')).toHaveCount(1);
  await expect(queueRow(page, three)).toBeVisible();
  await openQueue(page, tag, 'trash');
  await expect(page.getByRole('article')).toHaveCount(1);
  await expect(queueRow(page, one)).toBeVisible();
});

test('bulk: approve the selected rows, then spam and trash everything on the page', async ({ page, browser }) => {
  const { tag, names } = threeComments('Bulk');
  const [one, two, three] = names;
  await openQueue(page, tag);
  await page.getByRole('checkbox', { name: `Select comment by ${one}` }).check();
  await page.getByRole('checkbox', { name: `Select comment by ${three}` }).check();
  await page.getByRole('button', { name: 'Approve selected' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Done: 2 selected.' })).toBeVisible();
  await expect(queueRow(page, one)).toHaveCount(0);
  await expect(queueRow(page, three)).toHaveCount(0);
  await expect(queueRow(page, two)).toBeVisible();

  const stranger = await publicArticle(browser);
  await expect(publicComment(stranger.page, one)).toBeVisible();
  await expect(publicComment(stranger.page, three)).toBeVisible();
  await expect(publicComment(stranger.page, two)).toHaveCount(0);

  // Select all on the approved tab, then spam them: both leave the public page.
  await openQueue(page, tag, 'approved');
  await expect(page.getByRole('article')).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await expect(page.getByRole('checkbox', { name: `Select comment by ${one}` })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: `Select comment by ${three}` })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Approve selected' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Spam selected' }).click();
  await expect(page.getByText('No approved comments match this filter.')).toBeVisible();
  await stranger.page.reload();
  await expect(publicComment(stranger.page, one)).toHaveCount(0);
  await expect(publicComment(stranger.page, three)).toHaveCount(0);
  await stranger.close();

  // The pending one joins them in spam, then all three go to the trash together.
  await openQueue(page, tag);
  await page.getByRole('checkbox', { name: `Select comment by ${two}` }).check();
  await page.getByRole('button', { name: 'Spam selected' }).click();
  await expect(queueRow(page, two)).toHaveCount(0);
  await openQueue(page, tag, 'spam');
  await expect(page.getByRole('article')).toHaveCount(3);
  // Spam can only be trashed (or, row by row, marked Not spam): the bar offers nothing that would fail.
  await expect(page.getByRole('form', { name: 'Selected comments' }).getByRole('button')).toHaveText(['Trash selected']);
  await expect(page.getByRole('button', { name: 'Approve selected' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await page.getByRole('button', { name: 'Trash selected' }).click();
  await expect(page.getByText('No spam comments match this filter.')).toBeVisible();
  await openQueue(page, tag, 'trash');
  await expect(page.getByRole('article')).toHaveCount(3);
  // Nothing in the trash can be done in bulk: no bar, nothing to select.
  await expect(page.getByRole('form', { name: 'Selected comments' })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
});

test('bulk on the Reported tab: the reported comments go to the trash together, and stay off the page', async ({ page, browser }) => {
  const tag = unique('Reported');
  const article = seedArticle({ label: 'bulk-reported' });
  const names = [`${tag} One`, `${tag} Two`];
  for (const name of names) flagComment(seedComment({ articleId: article.id, name, body: `Advert by ${name}` }));

  await openQueue(page, tag, 'reported');
  await expect(page.getByRole('article')).toHaveCount(2);
  // Reported comments are approved ones taken off the page: they can be spammed or trashed, not approved.
  await expect(page.getByRole('form', { name: 'Selected comments' }).getByRole('button')).toHaveText(['Spam selected', 'Trash selected']);
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await page.getByRole('button', { name: 'Trash selected' }).click();
  await expect(page.getByText('No reported comments match this filter.')).toBeVisible();
  await openQueue(page, tag, 'trash');
  await expect(page.getByRole('article')).toHaveCount(2);

  const stranger = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await stranger.goto(article.path);
  for (const name of names) await expect(stranger.getByText(`Advert by ${name}`)).toHaveCount(0);
  await stranger.context().close();
});

test('a bulk action with nothing selected says so', async ({ page }) => {
  const { tag } = threeComments('None');
  await openQueue(page, tag);
  await page.getByRole('button', { name: 'Trash selected' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Select at least one comment first.' })).toBeVisible();
  await expect(page.getByRole('article')).toHaveCount(3);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the per-row decision buttons work as plain forms', async ({ page, browser }) => {
    const { tag, names } = threeComments('NoJS');
    const [one, two, three] = names;
    await openQueue(page, tag);
    await queueRow(page, one).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Moderation' })).toBeVisible();
    await openQueue(page, tag);
    await expect(queueRow(page, one)).toHaveCount(0);
    await queueRow(page, two).getByRole('button', { name: 'Spam', exact: true }).click();
    await openQueue(page, tag);
    await queueRow(page, three).getByRole('button', { name: 'Trash', exact: true }).click();
    await openQueue(page, tag);
    await expect(page.getByRole('article')).toHaveCount(0);

    await openQueue(page, tag, 'approved');
    await expect(queueRow(page, one)).toBeVisible();
    await openQueue(page, tag, 'spam');
    await expect(queueRow(page, two)).toBeVisible();
    await openQueue(page, tag, 'trash');
    await expect(queueRow(page, three)).toBeVisible();
    await queueRow(page, three).getByRole('button', { name: 'Restore' }).click();
    await openQueue(page, tag);
    await expect(queueRow(page, three)).toBeVisible();

    const stranger = await publicArticle(browser);
    await expect(publicComment(stranger.page, one)).toBeVisible();
    await expect(publicComment(stranger.page, two)).toHaveCount(0);
    await stranger.close();
  });

  test('Edit, Reply and Ban open their panel from the server, keep the view, and work as plain forms', async ({ page, browser }) => {
    const reader = newReader('NoJSPanels');
    seedHeldComment(reader);
    await openQueue(page, reader.name);
    await queueRow(page, reader.name).getByRole('button', { name: 'Approve', exact: true }).click();
    await openQueue(page, reader.name, 'approved');

    await queueRow(page, reader.name).getByRole('button', { name: 'Edit' }).click();
    await expect(page).toHaveURL(/[?&]open=edit\b/);
    await expect(page).toHaveURL(new RegExp(`[?&]status=approved&q=${reader.name}&`));
    const edited = `${reader.comment}, edited without JavaScript`;
    const form = page.getByRole('form', { name: `Edit the comment by ${reader.name}` });
    await expect(form.getByLabel('Text')).toHaveValue(reader.comment);
    await form.getByLabel('Text').fill(edited);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(queueRow(page, reader.name).getByRole('status')).toHaveText('Saved.');
    await expect(queueRow(page, reader.name)).toContainText(edited);

    await openQueue(page, reader.name, 'approved');
    await queueRow(page, reader.name).getByRole('button', { name: 'Reply' }).click();
    const staffText = `A staff answer to ${reader.name}, sent without JavaScript.`;
    await page.getByLabel('Your reply').fill(staffText);
    await page.getByRole('button', { name: 'Publish reply' }).click();
    await expect(queueRow(page, reader.name).getByRole('status')).toHaveText('Reply published.');

    await openQueue(page, reader.name, 'approved');
    const row = queueRow(page, reader.name);
    await row.getByRole('button', { name: 'Ban' }).click();
    await page.getByLabel(`the email ${reader.email}`).check();
    await page.getByLabel('Note', { exact: true }).fill('Checked without JavaScript');
    await page.getByRole('form', { name: `Ban ${reader.name}` }).getByRole('button', { name: 'Ban', exact: true }).click();
    await expect(queueRow(page, reader.name).getByRole('status')).toContainText(`Banned ${reader.email}`);

    const stranger = await publicArticle(browser);
    await expect(publicComment(stranger.page, reader.name)).toContainText(edited);
    await expect(threadOf(stranger.page, reader.name).getByRole('list').getByRole('article').filter({ hasText: staffText })).toBeVisible();
    await stranger.close();
  });
});

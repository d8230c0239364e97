import { expect, test, type Page } from '@playwright/test';
import { seedArticle } from './support/db';
import { expectHeld, postReply, saveDetailsLabel, unique, websiteField } from './support/helpers';

const savedCookie = 'margin_details';

async function expectForm(page: Page, values: { name: string; email: string; website: string; saved: boolean }) {
  await expect(page.getByLabel('Name *')).toHaveValue(values.name);
  await expect(page.getByLabel('Email *')).toHaveValue(values.email);
  await expect(websiteField(page)).toHaveValue(values.website);
  if (values.saved) await expect(page.getByLabel(saveDetailsLabel)).toBeChecked();
  else await expect(page.getByLabel(saveDetailsLabel)).not.toBeChecked();
  await expect(page.getByLabel('Comment *')).toHaveValue('');
}

test('ticking "Save my name…" fills the form on the next visit; unticking forgets it', async ({ page, context }) => {
  const article = seedArticle({ label: 'save-details' });
  const other = seedArticle({ label: 'save-details-other' });
  const details = {
    name: unique('Saved Name'),
    email: `${unique('saved')}@example.com`,
    website: `https://example.com/${unique('saved')}`,
  };

  await page.goto(article.path);
  await expectForm(page, { name: '', email: '', website: '', saved: false });
  const first = unique('Saved comment');
  await postReply(page, { comment: first, ...details, save: true });
  await expectHeld(page, first);
  // Only the comment is cleared after posting; the saved details come back at once.
  await expectForm(page, { ...details, saved: true });
  expect((await context.cookies()).map((cookie) => cookie.name)).toContain(savedCookie);

  // A fresh load, of this article and of another one, fills in the saved details.
  await page.goto(other.path);
  await expectForm(page, { ...details, saved: true });
  await page.goto(article.path);
  await expectForm(page, { ...details, saved: true });

  // Post again with the box unticked: the cookie is cleared and the form stays empty on reload.
  const second = unique('Unsaved comment');
  await page.getByLabel('Comment *').fill(second);
  await page.getByLabel(saveDetailsLabel).uncheck();
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expectHeld(page, second);
  await expect.poll(async () => (await context.cookies()).map((cookie) => cookie.name)).not.toContain(savedCookie);
  await page.reload();
  await expectForm(page, { name: '', email: '', website: '', saved: false });
  await expectHeld(page, second);
  await page.goto(other.path);
  await expectForm(page, { name: '', email: '', website: '', saved: false });
});

test('an unticked box never stores details', async ({ page, context }) => {
  const article = seedArticle({ label: 'never-saved' });
  await page.goto(article.path);
  const text = unique('Not saved');
  await postReply(page, { comment: text, name: unique('Unsaved'), email: `${unique('unsaved')}@example.com`, save: false });
  await expectHeld(page, text);
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain(savedCookie);
  await page.reload();
  await expectForm(page, { name: '', email: '', website: '', saved: false });
});

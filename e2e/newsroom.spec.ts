import { expect, test } from '@playwright/test';
import { unique, watchServerErrors } from './support/helpers';
import { countArticles, readArticle, seedNewsroomArticle, userIdOf } from './support/db';
import {
  articleForm,
  articleIdOf,
  contributorAccount,
  editorAccount,
  press,
  secondEditorAccount,
  staffPage,
  staffState,
  writeArticle,
} from './support/newsroom';

// The newsroom as people use it: a contributor writes and submits, an editor previews, publishes,
// updates and unpublishes; two editors on one article; bad input.

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await staffState(browser, contributorAccount, 'contributor');
  await staffState(browser, editorAccount, 'editor');
  await staffState(browser, secondEditorAccount, 'editor');
});

test('a contributor submits a draft; an editor finds it in review, previews it privately and publishes it', async ({ browser, page, request }) => {
  const errors = watchServerErrors(page);
  const headline = `Bridge reopens ${unique('story')}`;
  const writer = await staffPage(browser, contributorAccount, 'contributor');
  const desk = await staffPage(browser, editorAccount, 'editor');

  // The contributor: the admin area shows what the role can do, and the preview beside the body
  // is the readers' own rendering.
  await writer.page.goto('/admin');
  await expect(writer.page).toHaveURL(/\/admin\/articles$/);
  const nav = writer.page.getByRole('navigation', { name: 'Admin' });
  await expect(nav.getByRole('link', { name: 'Articles' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Queue' })).toHaveCount(0);
  await writeArticle(writer.page, { headline, standfirst: 'The river crossing is open again.', body: 'Traffic is **moving** again.\n\n## What changed' });
  const preview = writer.page.getByRole('region', { name: 'Preview' });
  await expect(preview.locator('strong')).toHaveText('moving');
  await expect(preview.getByRole('heading', { name: 'What changed' })).toBeVisible();
  await expect(writer.page.getByRole('button', { name: 'Publish now' })).toHaveCount(0);
  await writer.page.getByRole('button', { name: 'Save draft' }).click();
  await expect(writer.page).toHaveURL(/\/admin\/articles\/\d+\?created=draft$/);
  const id = articleIdOf(writer.page);
  await press(writer.page, 'Submit for review', 'Submitted for review');
  expect(readArticle(id)?.status).toBe('review');
  await writer.context.close();

  // The editor finds it in review and previews it at a private address.
  await desk.page.goto('/admin/articles?state=review');
  await expect(desk.page.getByRole('link', { name: headline, exact: true })).toBeVisible();
  await desk.page.getByRole('link', { name: `Preview ${headline}` }).click();
  await expect(desk.page.getByRole('heading', { level: 1, name: headline })).toBeVisible();
  const previewResponse = await desk.page.reload();
  const cacheControl = previewResponse?.headers()['cache-control'] ?? '';
  expect(cacheControl).toContain('private');
  expect(cacheControl).toContain('no-store');
  const anonymous = await request.get(`/admin/articles/${id}/preview`, { maxRedirects: 0 });
  expect(anonymous.status()).toBe(307);
  expect(anonymous.headers().location).toContain('/login');
  expect(await anonymous.text()).not.toContain(headline);

  // Not public before it is published; public after.
  const slug = readArticle(id)!.slug;
  expect((await page.goto(`/articles/${slug}`))?.status()).toBe(404);
  await desk.page.goto(`/admin/articles/${id}`);
  await press(desk.page, 'Publish now', 'Published: readers can see it now.');
  await page.goto(`/articles/${slug}`);
  await expect(page.getByRole('heading', { level: 1, name: headline })).toBeVisible();
  await expect(page.locator('.byline')).toContainText(contributorAccount.name);
  await expect(page.locator('.byline').getByText(/Updated/)).toHaveCount(0);
  expect(errors).toEqual([]);
  await desk.context.close();
});

test('an editor updates a published article: readers see "Updated", the old address redirects; unpublished, it is gone', async ({ browser, page, request }) => {
  const desk = await staffPage(browser, editorAccount, 'editor');
  const { id, slug } = seedNewsroomArticle({ createdBy: userIdOf(editorAccount.email), status: 'published', label: 'update' });
  await page.goto(`/articles/${slug}`);
  await expect(page.getByText(`Body of ${slug}.`)).toBeVisible();

  await desk.page.goto(`/admin/articles/${id}`);
  await articleForm.body(desk.page).fill('Traffic is moving again, in both directions.');
  await articleForm.correction(desk.page).fill('An earlier version said one lane was open.');
  await articleForm.slug(desk.page).fill(`${slug}-moved`);
  await press(desk.page, 'Update', 'Updated: readers see the change now.');

  const moved = await request.get(`/articles/${slug}`, { maxRedirects: 0 });
  expect(moved.status()).toBe(308);
  // Next repeats the same Location on the render that fills its cache; one address either way.
  expect(new Set(moved.headers().location?.split(', '))).toEqual(new Set([`/articles/${slug}-moved`]));
  await page.goto(`/articles/${slug}`);
  await expect(page).toHaveURL(new RegExp(`/articles/${slug}-moved$`));
  await expect(page.getByText('in both directions')).toBeVisible();
  await expect(page.locator('.byline').getByText(/Updated/)).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Correction' })).toContainText('An earlier version said one lane was open.');

  await press(desk.page, 'Unpublish', 'Unpublished');
  expect((await page.goto(`/articles/${slug}-moved`))?.status()).toBe(404);
  expect((await request.get(`/articles/${slug}`, { maxRedirects: 0 })).status()).toBe(404);
  await desk.context.close();
});

test('a contributor cannot change their article once it is published', async ({ browser }) => {
  const writer = await staffPage(browser, contributorAccount, 'contributor');
  const { id } = seedNewsroomArticle({ createdBy: userIdOf(contributorAccount.email), status: 'published', label: 'locked' });
  await writer.page.goto(`/admin/articles/${id}`);
  await expect(writer.page.getByText('only editors can change it now')).toBeVisible();
  await expect(writer.page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await writer.context.close();
});

test("two editors on one article: each sees the other, and the stale tab's save is refused with its text kept", async ({ browser }) => {
  const first = await staffPage(browser, editorAccount, 'editor');
  const second = await staffPage(browser, secondEditorAccount, 'editor');
  const headline = `Budget talks ${unique('stale')}`;
  await writeArticle(first.page, { headline, standfirst: 'Late-night talks.', body: 'First version.' });
  await first.page.getByRole('button', { name: 'Save draft' }).click();
  await expect(first.page).toHaveURL(/\?created=draft$/);
  const id = articleIdOf(first.page);

  await second.page.goto(`/admin/articles/${id}`);
  await expect(second.page.getByRole('status').filter({ hasText: `${editorAccount.name} is also editing this article.` })).toBeVisible();

  await articleForm.standfirst(first.page).fill('Talks went on past midnight.');
  await press(first.page, 'Save draft', 'Saved.');

  const typed = 'A paragraph typed in the second tab that must not be lost.';
  await articleForm.body(second.page).fill(typed);
  await second.page.getByRole('button', { name: 'Save draft' }).click();
  await expect(second.page.getByRole('alert').filter({ hasText: 'Someone else saved this article while you were editing' })).toBeVisible();
  await expect(articleForm.body(second.page)).toHaveValue(typed);
  const stored = readArticle(id)!;
  expect(stored.standfirst).toBe('Talks went on past midnight.');
  expect(stored.body_source).toBe('First version.');
  expect(stored.version).toBe(2);
  await first.context.close();
  await second.context.close();
});

test('bad input: each problem is named next to its field, the text stays, nothing is stored', async ({ browser }) => {
  const desk = await staffPage(browser, editorAccount, 'editor');
  const before = countArticles();
  await writeArticle(desk.page, {
    headline: 'PM, The US must play a part in Ukraine to dissuade Putin',
    standfirst: 'Nice <script>alert(1)</script>',
    body: 'Words',
  });
  await desk.page.getByLabel('Image number').fill('12');
  await desk.page.getByRole('button', { name: 'Save draft' }).click();
  // The browser's own check (the shared schema) names these before anything is sent.
  await expect(articleForm.standfirst(desk.page)).toHaveAccessibleDescription(/cannot contain HTML or scripts/);
  await expect(desk.page.getByLabel('Alt text')).toHaveAccessibleDescription(/Alt text is required with a lead image/);
  await articleForm.standfirst(desk.page).fill('A fair standfirst.');
  await desk.page.getByLabel('Alt text').fill('A bridge at dusk');
  // The server's checks: the headline is taken and image 12 was never uploaded.
  await desk.page.getByRole('button', { name: 'Save draft' }).click();
  await expect(desk.page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
  await expect(articleForm.headline(desk.page)).toHaveAccessibleDescription(/Another article already has this headline/);
  await expect(desk.page.getByLabel('Image number')).toHaveAccessibleDescription(/There is no image number 12/);
  await expect(articleForm.headline(desk.page)).toHaveValue('PM, The US must play a part in Ukraine to dissuade Putin');
  await expect(desk.page.getByLabel('Alt text')).toHaveValue('A bridge at dusk');
  expect(countArticles()).toBe(before);
  await desk.context.close();
});

test('what an editor types is autosaved (in the browser until the first save) and offered back on reopening', async ({ browser }) => {
  const desk = await staffPage(browser, editorAccount, 'editor');
  const headline = `Autosaved ${unique('auto')}`;
  // Before its first save a new article is kept in the browser…
  await writeArticle(desk.page, { headline, standfirst: 'Kept.', body: 'Saved body.' });
  await expect(desk.page.getByRole('status').filter({ hasText: /Kept in this browser at/ })).toBeVisible();
  await desk.page.reload();
  await expect(articleForm.headline(desk.page)).toHaveValue('');
  await desk.page.getByRole('button', { name: 'Restore unsaved changes' }).click();
  await expect(articleForm.headline(desk.page)).toHaveValue(headline);
  await expect(articleForm.body(desk.page)).toHaveValue('Saved body.');
  // …and after it, on the server.
  await desk.page.getByRole('button', { name: 'Save draft' }).click();
  await expect(desk.page).toHaveURL(/\?created=draft$/);
  await articleForm.body(desk.page).fill('Saved body.\n\nA sentence never saved by hand.');
  await expect(desk.page.getByRole('status').filter({ hasText: /Autosaved at/ })).toBeVisible();
  await desk.page.reload();
  await expect(articleForm.body(desk.page)).toHaveValue('Saved body.');
  await desk.page.getByRole('button', { name: 'Restore unsaved changes' }).click();
  await expect(articleForm.body(desk.page)).toHaveValue('Saved body.\n\nA sentence never saved by hand.');
  await desk.context.close();
});

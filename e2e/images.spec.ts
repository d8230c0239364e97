import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import sharp from 'sharp';
import { addAccount, moderatorState, signIn, type Account } from './support/accounts';
import { seedArticle } from './support/db';
import { unique, watchServerErrors } from './support/helpers';
import { articleForm, press, writeArticle } from './support/newsroom';
import { hasGpsBlock, makePhoto, newSeed, notAnImage, storedImages, webpChunks } from './support/images';

// Images for the newsroom: an editor uploads at /admin/images (a plain form, and the editor's
// image field), the file is served for a year under its hash without EXIF, and every refusal is
// said next to the field and stores nothing.

const uploadPath = '/api/images';

const editor: Account = { email: `${unique('editor')}@example.com`, name: unique('Edie Editor'), password: 'editor-password-1' };
let editorState: Awaited<ReturnType<BrowserContext['storageState']>>;

// One editor for the file, made with the CLI and signed in once.
test.beforeAll(async ({ browser }) => {
  addAccount(editor, 'editor');
  const context = await browser.newContext();
  await signIn(await context.newPage(), editor);
  editorState = await context.storageState();
  await context.close();
});

async function editorPage(browser: Browser, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ storageState: editorState, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

async function photoFile(options: Parameters<typeof makePhoto>[0] = {}) {
  return { name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: await makePhoto({ seed: newSeed(), ...options }) };
}

test('an editor uploads a phone photo and sees it; its file is served immutable, upright-sized, with no EXIF or uploader', async ({
  browser,
  request,
}) => {
  const { context, page } = await editorPage(browser);
  const failures = watchServerErrors(page);
  const photo = await photoFile({ width: 2400, height: 1800, location: true });
  expect(hasGpsBlock((await sharp(photo.buffer).metadata()).exif)).toBe(true);

  await page.goto('/admin/images');
  await page.getByLabel('Image file').setInputFiles(photo);
  await page.getByRole('button', { name: 'Upload' }).click();
  const status = page.getByRole('status').filter({ hasText: /^Uploaded image \d+\.$/ });
  await expect(status).toBeVisible();
  const id = Number(/\d+/.exec((await status.textContent()) ?? '')?.[0]);

  const figure = page.getByRole('figure', { name: new RegExp(`^Image ${id}\\b`) });
  await expect(figure).toContainText('2400 × 1800 JPEG');
  const image = figure.locator('img');
  await expect(image).toHaveAttribute('width', '1600');
  await expect(image).toHaveAttribute('height', '1200');
  await expect(image).toHaveAttribute('srcset', /-480\.webp 480w, .*-960\.webp 960w, .*-1600\.webp 1600w$/);
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);

  // Served to anyone (a fresh request context: no session), for a year, unchanged.
  const src = (await image.getAttribute('src'))!;
  expect(src).toMatch(/^\/images\/[0-9a-f]{64}-1600\.webp$/);
  const served = await request.get(src);
  expect(served.status()).toBe(200);
  const headers = served.headers();
  expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(headers['content-type']).toBe('image/webp');
  expect(headers['etag']).toMatch(/^"[0-9a-f]{32}-1600"$/);
  const body = await served.body();
  expect(webpChunks(body)).toEqual(['VP8 ']);
  const metadata = await sharp(body).metadata();
  expect([metadata.width, metadata.height, metadata.exif, metadata.xmp, metadata.icc]).toEqual([1600, 1200, undefined, undefined, undefined]);
  for (const secret of [editor.email, editor.name, 'Margin Test Camera', 'IMG_0042']) {
    expect(body.includes(secret)).toBe(false);
    expect(JSON.stringify(headers)).not.toContain(secret);
  }

  const head = await request.head(src);
  expect([head.status(), head.headers()['content-type'], head.headers()['cache-control']]).toEqual([
    200,
    'image/webp',
    'public, max-age=31536000, immutable',
  ]);
  const again = await request.get(src, { headers: { 'If-None-Match': headers['etag']! } });
  expect(again.status()).toBe(304);
  expect(again.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  for (const unknown of [`/images/${'ab'.repeat(32)}-480.webp`, src.replace('-1600.webp', '-1599.webp'), '/images/..%2Fmargin.db', '/images/auth-secret']) {
    const missing = await request.get(unknown);
    expect(missing.status(), unknown).toBe(404);
    expect(missing.headers()['cache-control']).toBe('no-store');
  }
  expect(failures).toEqual([]);
  await context.close();
});

test('the editor’s image field tells why a non-image is refused, beside the field, storing nothing; the page passes axe', async ({ browser }) => {
  const { context, page } = await editorPage(browser);
  const failures = watchServerErrors(page);
  // The page as the plain form leaves it after a refusal (axe cannot run without JavaScript).
  await page.goto('/admin/images?error=not-an-image');
  await expect(page.getByLabel('Image file')).toHaveAccessibleDescription(/^This file is not an image Margin can use/);
  const field = page.getByLabel('Lead image');
  const before = storedImages();
  await field.setInputFiles(notAnImage);
  await expect(field).toHaveAccessibleDescription(/^This file is not an image Margin can use: choose a JPEG, PNG, WebP, GIF or AVIF file\./);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('input[type="hidden"][name="imageId"]')).toHaveValue('');
  expect(storedImages()).toEqual(before);
  await expectNoAxeViolations(page);
  expect(failures).toEqual([]);
  await context.close();
});

test('the editor’s image field uploads as soon as a file is chosen: progress, a preview, the id in its hidden input; the same picture again is the same image', async ({
  browser,
}) => {
  const { context, page } = await editorPage(browser);
  const failures = watchServerErrors(page);
  await page.goto('/admin/images');
  const field = page.getByLabel('Lead image');
  const hidden = page.locator('input[type="hidden"][name="imageId"]');

  // Held back a moment so the progress can be seen.
  await page.route(uploadPath, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const photo = await photoFile({ width: 1200, height: 800, location: true });
  await field.setInputFiles(photo);
  await expect(page.getByRole('status').filter({ hasText: /Uploading…|preparing the image/ })).toBeVisible();
  const done = page.getByRole('status').filter({ hasText: /^Uploaded: image \d+, 1200 × 800\.$/ });
  await expect(done).toBeVisible();
  const id = /image (\d+)/.exec((await done.textContent()) ?? '')![1]!;
  await expect(hidden).toHaveValue(id);
  const preview = page.getByRole('img', { name: `Preview of image ${id}` });
  await expect.poll(() => preview.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);
  await page.unroute(uploadPath);

  const rows = storedImages().rows;
  await field.setInputFiles(photo);
  await expect(page.getByRole('status').filter({ hasText: `Already uploaded: image ${id}, 1200 × 800.` })).toBeVisible();
  expect(storedImages().rows).toBe(rows);

  await page.getByRole('button', { name: 'Remove image' }).click();
  await expect(hidden).toHaveValue('');
  expect(failures).toEqual([]);
  await context.close();
});

test('an article’s lead image, uploaded in the editor, and an image in its body reach readers at every stored width, with its section, linked byline and related stories', async ({
  browser,
  request,
}) => {
  const section = unique('Pictures');
  const older = seedArticle({ label: 'related', section: section.toLowerCase(), headline: unique('An older picture story') });
  const sectionName = section.toLowerCase();
  const { context, page } = await editorPage(browser);
  const failures = watchServerErrors(page);
  await writeArticle(page, { headline: unique('Flood pictures'), standfirst: 'The river from above.', body: 'Draft.' });
  await page.getByLabel('Section', { exact: true }).selectOption({ label: sectionName });
  await page.getByLabel('Upload a lead image').setInputFiles(await photoFile({ width: 2000, height: 1000 }));
  const uploaded = page.getByRole('status').filter({ hasText: /^Uploaded: image \d+, 1600 × 800\.$/ });
  await expect(uploaded).toBeVisible();
  const id = /image (\d+)/.exec((await uploaded.textContent()) ?? '')![1]!;
  await expect(page.getByLabel('Image number')).toHaveValue(id);
  await page.getByLabel('Alt text').fill('The flooded river seen from a bridge');
  await articleForm.body(page).fill(`Water reached the bridge.\n\n![The same river at dawn](image:${id} "At dawn")\n\nIt fell by noon.`);
  // The editor's preview shows the body image by its number (a redirect to its file).
  const previewed = page.getByRole('region', { name: 'Preview' }).getByRole('img', { name: 'The same river at dawn' });
  await expect.poll(() => previewed.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBeGreaterThan(0);
  await press(page, 'Publish now', 'Created and published');
  const slug = (await articleForm.slug(page).inputValue()) || null;
  expect(slug).not.toBeNull();

  const byNumber = await request.get(`/images/${id}`, { maxRedirects: 0 });
  expect(byNumber.status()).toBe(307);
  expect(byNumber.headers().location).toMatch(/^\/images\/[0-9a-f]{64}-1600\.webp$/);

  const reader = await browser.newContext();
  const article = await reader.newPage();
  await article.goto(`/articles/${slug}`);
  await expect(article.locator('.kicker').getByRole('link', { name: sectionName })).toHaveAttribute('href', `/sections/${sectionName}`);
  await expect(article.locator('.byline').getByRole('link', { name: editor.name })).toHaveAttribute('href', /^\/authors\//);
  for (const name of ['The flooded river seen from a bridge', 'The same river at dawn']) {
    const image = article.getByRole('img', { name });
    await expect(image).toHaveAttribute('srcset', /-480\.webp 480w, .*-960\.webp 960w, .*-1600\.webp 1600w$/);
    await expect(image).toHaveAttribute('width', '1600');
    await expect(image).toHaveAttribute('height', '800');
  }
  await expect(article.getByRole('figure').filter({ hasText: 'At dawn' })).toBeVisible();
  const related = article.getByRole('complementary', { name: `More in ${sectionName}` });
  await expect(related.getByRole('link', { name: older.headline })).toHaveAttribute('href', older.path);
  expect(failures).toEqual([]);
  await reader.close();
  await context.close();
});

test.describe('without JavaScript', () => {
  test('the plain form uploads; a text file named .jpg and a 12 MB file are each refused beside the field, storing nothing', async ({ browser }) => {
    const { context, page } = await editorPage(browser, { javaScriptEnabled: false });
    const failures = watchServerErrors(page);
    await page.goto('/admin/images');
    const field = page.getByLabel('Image file');
    const upload = page.getByRole('button', { name: 'Upload' });

    const before = storedImages();
    await field.setInputFiles(notAnImage);
    await upload.click();
    await expect(page).toHaveURL(/\/admin\/images\?error=not-an-image$/);
    await expect(field).toHaveAccessibleDescription(/^This file is not an image Margin can use/);
    await expect(page.locator('script', { hasText: 'alert(1)' })).toHaveCount(0);

    // Over the 64 KB the serving edge allows anything else: the upload route answers, not the edge.
    // From a file on disk: handing the browser 12 MB through the test runner is slow.
    const large = test.info().outputPath('scan.jpg');
    fs.writeFileSync(large, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(12 * 1024 * 1024)]));
    await field.setInputFiles(large);
    await upload.click();
    await expect(field).toHaveAccessibleDescription(/^This file is 12\.0 MB; an image may be at most 10 MB\./);
    expect(storedImages()).toEqual(before);

    await field.setInputFiles(await photoFile({ width: 800, height: 600 }));
    await upload.click();
    const status = page.getByRole('status').filter({ hasText: /^Uploaded image \d+\.$/ });
    await expect(status).toBeVisible();
    const id = /\d+/.exec((await status.textContent()) ?? '')![0];
    await expect(page.getByRole('figure', { name: new RegExp(`^Image ${id}\\b`) })).toContainText('800 × 600 JPEG');
    expect(storedImages().rows).toBe(before.rows + 1);
    expect(failures).toEqual([]);
    await context.close();
  });
});

test('a signed-out post, a moderator’s, another site’s and a 50 MB one are refused, and store nothing', async ({ browser, playwright, request }) => {
  const photo = await photoFile({ width: 640, height: 480 });
  const before = storedImages();
  const json = { Accept: 'application/json' };

  const signedOut = await request.post(uploadPath, { multipart: { image: photo }, headers: json });
  expect(signedOut.status()).toBe(401);
  expect(await signedOut.json()).toEqual({ status: 'error', message: 'Your session has ended: sign in again, then upload the image.' });
  const signedOutForm = await request.post(uploadPath, { multipart: { image: photo }, maxRedirects: 0 });
  expect(signedOutForm.status()).toBe(303);
  expect(signedOutForm.headers()['location']).toBe('/login?callbackUrl=%2Fadmin%2Fimages');

  const baseURL = test.info().project.use.baseURL;
  const moderator = await playwright.request.newContext({ baseURL, storageState: moderatorState });
  const moderatorPost = await moderator.post(uploadPath, { multipart: { image: photo }, headers: json });
  expect(moderatorPost.status()).toBe(403);
  await moderator.dispose();

  const { context, page } = await editorPage(browser);
  const elsewhere = await page.request.post(uploadPath, { multipart: { image: photo }, headers: { ...json, Origin: 'https://elsewhere.example' } });
  expect(elsewhere.status()).toBe(403);

  const huge = await page.request.post(uploadPath, {
    multipart: { image: { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(50 * 1024 * 1024, 0xff) } },
    headers: json,
  });
  expect(huge.status()).toBe(413);
  const refusal = await huge.json();
  expect(refusal.fieldErrors.image[0]).toMatch(/^This file is 50\.0 MB; an image may be at most 10 MB\./);
  expect(storedImages()).toEqual(before);
  await context.close();
});

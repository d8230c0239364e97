import fs from 'node:fs';
import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { e2eDb } from './support/e2e-database';
import { findCommentId, seedArticle, seedComment, setSettings } from './support/db';
import { commentByText, postReply, unique } from './support/helpers';

// "Your own words" (issue 12): a reader edits their comment within the window, from the browser
// that wrote it; another browser gets no button and a forged action call changes nothing; a reply
// ends it.

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3917}`;
const actionsFile = 'app/articles/[slug]/own/[id]/actions.ts';

type ManifestEntry = { filename?: string; exportedName?: string };
function actionId(name: string): string {
  const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, ManifestEntry> };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === actionsFile && entry.exportedName === name);
  if (!found) throw new Error(`no ${name} in the build`);
  return found[0];
}

/** The action as an attacker would call it: the bound slug and id, then the state and the form. */
async function forgeCall(name: string, args: unknown[], fields: Record<string, string>, cookie: string | null, path: string): Promise<number> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(`_1_${key}`, value);
  form.append('0', JSON.stringify([...args, { status: 'idle' }, '$K1']));
  const headers: Record<string, string> = { 'Next-Action': actionId(name), Origin: baseURL, Accept: 'text/x-component' };
  if (cookie) headers.Cookie = cookie;
  const response = await fetch(baseURL + path, { method: 'POST', headers, body: form, redirect: 'manual' });
  await response.text();
  return response.status;
}

function stored(id: number) {
  return e2eDb().get<{ body: string; status: string }>('select body, status from comments where id = ?', [id])!;
}

let policyBefore: string | undefined;
test.beforeAll(() => {
  policyBefore = e2eDb().get<{ value: string }>("select value from settings where key = 'approvalPolicy'")?.value;
  setSettings({ approvalPolicy: 'none', ownEditMinutes: 15 });
});
test.afterAll(() => {
  if (policyBefore === undefined) e2eDb().run("delete from settings where key = 'approvalPolicy'");
  else e2eDb().run("update settings set value = ? where key = 'approvalPolicy'", [policyBefore]);
});

test('a reader edits their own comment; another browser cannot; a reply ends it', async ({ page, browser }) => {
  const article = seedArticle({ label: 'own-words' });
  const first = unique('My first words');
  await page.goto(article.path);
  await postReply(page, { comment: first, name: 'Own Reader', email: `${unique('own')}@example.com` });
  await expect(page.getByRole('status')).toContainText('published');
  const id = findCommentId(article.id, { body: first })!;

  await page.reload();
  const mine = commentByText(page, first);
  await expect(mine.getByRole('link', { name: 'Edit' })).toBeVisible();
  await mine.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit your comment' })).toBeVisible();

  // Bad input: the comment form's own rule, next to the field, nothing lost or saved.
  const field = page.getByLabel('Your comment');
  await field.fill('   ');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#comment-error')).toHaveText('Comment is required.');
  expect(stored(id).body).toBe(first);

  const second = unique('My better words');
  await field.fill(second);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(new RegExp(`${article.path}#comment-${id}$`));
  await expect(commentByText(page, second)).toBeVisible();
  await expect(page.getByText(first)).toHaveCount(0);
  expect(stored(id)).toEqual({ body: second, status: 'approved' });

  // Another browser: the same page without the buttons, the edit page refuses, a forged call changes nothing.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto(article.path);
  const seen = commentByText(other, second);
  await expect(seen).toBeVisible();
  await expect(seen.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(seen.getByRole('link', { name: 'Delete' })).toHaveCount(0);
  await other.goto(`${article.path}/own/${id}`);
  await expect(other.getByText('This comment cannot be changed from this browser')).toBeVisible();
  await expect(other.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  await stranger.close();
  const otherToken = crypto.randomBytes(32).toString('base64url');
  const editPath = `${article.path}/own/${id}`;
  for (const cookie of [null, `margin_reader=${otherToken}`]) {
    expect(await forgeCall('saveOwnEdit', [article.slug, id], { comment: 'Defaced by a stranger' }, cookie, editPath)).toBeLessThan(500);
    expect(await forgeCall('deleteOwnWords', [article.slug, id], { confirm: 'yes' }, cookie, editPath)).toBeLessThan(500);
  }
  expect(await forgeCall('saveOwnEdit', ['x', -1], { comment: 'Nonsense' }, `margin_reader=${otherToken}`, editPath)).toBeLessThan(500);
  expect(stored(id)).toEqual({ body: second, status: 'approved' });

  // A reply: the buttons are gone, and the edit page says so.
  seedComment({ articleId: article.id, parentId: id, name: 'Replier', body: unique('A reply') });
  await page.goto(article.path);
  await expect(commentByText(page, second).first()).toBeVisible();
  await expect(page.locator(`#comment-${id}`).getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await page.goto(editPath);
  await expect(page.getByText('This comment cannot be changed from this browser')).toBeVisible();
});

test('a reader deletes their own comment within the window: it leaves the page', async ({ page }) => {
  const article = seedArticle({ label: 'own-delete' });
  await page.goto(article.path);
  const text = unique('Words to take back');
  await postReply(page, { comment: text, name: 'Own Deleter', email: `${unique('own')}@example.com` });
  await expect(page.getByRole('status')).toContainText('published');
  const id = findCommentId(article.id, { body: text })!;
  await page.reload();
  await commentByText(page, text).getByRole('link', { name: 'Delete' }).click();
  await expect(page.getByText('Delete this comment? It leaves the page')).toBeVisible();
  await page.getByRole('button', { name: 'Delete this comment' }).click();
  await expect(page).toHaveURL(new RegExp(article.path));
  await expect(page.getByText(text)).toHaveCount(0);
  expect(stored(id).status).toBe('trash');
});

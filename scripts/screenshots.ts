import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/support/chromium';
import { makeLandscape } from '../lib/test-images';
import { cleanupAll, freePort, spawnGroup, stopGroup, waitForHttp } from './bench/procs';

// The README's screenshots, made as a newsroom's first morning: an editor adds sections, writes and
// publishes stories with lead images through the editor, then the front page and the editor are
// photographed. A site of its own in a temporary folder; nothing of the real data folder is touched.
// `node --import tsx scripts/screenshots.ts` (the build must exist: `npm start` or `npx next build`).

const outDir = path.join(process.cwd(), 'e2e', 'screenshots');
const editor = { email: 'eden@paper.example', password: 'screenshot-editor-1', name: 'Eden Editor' };

const stories = [
  { section: 'World', headline: 'Ceasefire talks resume in Geneva as both sides send new negotiators', standfirst: 'Diplomats say the first meeting in six weeks will focus on prisoner exchanges and aid corridors.' },
  { section: 'Politics', headline: 'Council approves the riverside housing plan after a four-hour debate', standfirst: 'Four hundred homes, a school and a new bridge: what the vote means for the east bank.' },
  { section: 'Business', headline: 'The last shoe factory in town finds a buyer', standfirst: 'Sixty jobs are saved as a family firm from the valley takes over the works.' },
  { section: 'Science', headline: 'Volunteers count a record number of swifts over the old quarter', standfirst: 'The survey, in its tenth year, credits new nesting boxes on the cathedral roof.' },
  { section: 'Politics', headline: 'What the new transport budget does for buses, and what it does not', standfirst: 'Fares are frozen for a year; two rural routes still close in spring.' },
  { section: 'World', headline: 'Floods ease along the river as the rain moves east', standfirst: 'Roads reopen in three villages, but the clean-up will take weeks.' },
];

const body = `The meeting began just after nine, and by lunchtime both delegations had agreed on an agenda.

## What was agreed

- a timetable for the next three rounds
- observers from both neighbouring states
- a *joint statement* at the end of each day

> "Nobody expects a breakthrough this week," one official said. "But everybody came."

The full statement:

https://example.org/statement`;

function log(message: string) {
  console.log(`screenshots: ${message}`);
}

async function publish(page: Page, story: (typeof stories)[number], seed: number) {
  await page.goto('/admin/articles/new');
  await page.getByLabel('Headline *').fill(story.headline);
  await page.getByLabel('Standfirst *').fill(story.standfirst);
  await page.getByLabel('Section', { exact: true }).selectOption({ label: story.section });
  await page.getByLabel('Body (Markdown)').fill(body);
  await page.getByLabel('Upload a lead image').setInputFiles({ name: `photo-${seed}.jpg`, mimeType: 'image/jpeg', buffer: await makeLandscape(seed) });
  await page.getByRole('status').filter({ hasText: /Uploaded: image \d+/ }).waitFor();
  await page.getByLabel('Alt text').fill(`Photograph for “${story.headline}”`);
  await page.getByRole('button', { name: 'Publish now', exact: true }).click();
  const published = page.getByRole('status').filter({ hasText: 'Published' });
  const problem = page.locator('.error-summary');
  await published.or(problem).first().waitFor();
  if (await problem.isVisible()) throw new Error(`publishing "${story.headline}" failed: ${await problem.innerText()}`);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-screenshots-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, PORT: String(port), DATABASE_URL: `file:${path.join(tmp, 'margin.db')}`, SITE_URL: base, NEXT_TELEMETRY_DISABLED: '1' };
  const added = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/accounts.ts', 'add', editor.email, '--password', editor.password, '--role', 'admin', '--name', editor.name],
    { env, encoding: 'utf8' },
  );
  if (added.status !== 0) throw new Error(`could not add the account: ${added.stderr}`);
  const server = spawnGroup(process.execPath, ['scripts/start.mjs'], { env, logFile: path.join(tmp, 'server.log') });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    await waitForHttp(`${base}/`, server, 120_000, path.join(tmp, 'server.log'));
    log(`a site of its own at ${base}`);
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(editor.email);
    await page.getByLabel('Password').fill(editor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin/);
    for (const name of [...new Set(stories.map((story) => story.section))]) {
      await page.goto('/admin/sections');
      await page.getByLabel('Name').fill(name);
      await page.getByRole('button', { name: 'Add section' }).click();
      await page.getByRole('status').filter({ hasText: name }).waitFor();
    }
    for (const [index, story] of stories.entries()) {
      await publish(page, story, index + 7);
      log(`published ${index + 1}/${stories.length}: ${story.headline}`);
    }
    fs.mkdirSync(outDir, { recursive: true });

    const reader = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 1000 } });
    const front = await reader.newPage();
    await front.goto('/');
    await front.waitForLoadState('networkidle');
    await front.screenshot({ path: path.join(outDir, 'front-page.png') });
    log('e2e/screenshots/front-page.png');

    await page.goto('/admin/articles/new');
    await page.getByLabel('Headline *').fill('Harbour wall repairs to start in March');
    await page.getByLabel('Standfirst *').fill('The work will close the promenade for six weeks.');
    await page.getByLabel('Section', { exact: true }).selectOption({ label: 'Politics' });
    await page.getByLabel('Body (Markdown)').fill(body);
    await page.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: 'What was agreed' }).waitFor();
    // From the top of the page to the end of the body and its preview, in one picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    const bodyEditor = await page.locator('.body-editor').boundingBox();
    await page.screenshot({ path: path.join(outDir, 'editor.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil((bodyEditor?.y ?? 1400) + (bodyEditor?.height ?? 0) + 24) } });
    log('e2e/screenshots/editor.png');
    await reader.close();
    await context.close();
  } finally {
    await browser.close();
    await stopGroup(server);
    cleanupAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`screenshots: ${(error as Error).message}`);
  process.exitCode = 1;
}

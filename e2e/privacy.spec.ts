import crypto from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminAccount, adminState } from './support/accounts';
import { accountIdOf, authorSlugOf, findCommentId, seedArticle, seedComment, setCommentStatus } from './support/db';
import { expectHeld, postReply, unique } from './support/helpers';
import { act, openQueue } from './support/queue';
import { serverSecret } from './support/abuse';
import { e2eDb as db } from './support/e2e-database';

function forms(email: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [label, value] of [
    ['as typed', email],
    ['lower-case', email.toLowerCase()],
  ] as const) {
    found[label] = value;
    for (const algorithm of ['md5', 'sha1', 'sha256']) {
      found[`${algorithm} of ${label}`] = crypto.createHash(algorithm).update(value).digest('hex');
    }
  }
  return found;
}

/** Every form of the address found in the body, case-insensitively. */
function leaks(body: string, email: string): string[] {
  const haystack = body.toLowerCase();
  return Object.entries(forms(email))
    .filter(([, needle]) => haystack.includes(needle.toLowerCase()))
    .map(([label]) => label);
}

async function fetchBody(request: APIRequestContext, url: string, headers?: Record<string, string>) {
  // An RSC request is redirected to add its cache-busting _rsc parameter: follow it.
  const response = await request.get(url, { headers });
  return { status: response.status(), body: await response.text(), type: response.headers()['content-type'] ?? '' };
}

test('an email address never appears in any public response, in any form', async ({ page, browser, playwright }) => {
  // Posts through the browser with and without JavaScript, then reads every public address: 60 s on a busy machine.
  test.setTimeout(60_000);
  const email = `Mixed.Case.${unique('privacy')}@Example.com`;
  const jsNoSave = `Mixed.Case.${unique('nosave')}@Example.com`;
  const article = seedArticle({ label: 'privacy' });
  // An approved comment with the address, on the page before it is first rendered and cached.
  const approvedName = unique('Approved Private');
  seedComment({ articleId: article.id, name: approvedName, email, body: unique('Approved with a private email') });

  // 1. Post with JavaScript, capturing the server action's response.
  const actionBodies: string[] = [];
  // Fetched through a route so the body is read in full before the page acts on it.
  await page.route(article.path, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const response = await route.fetch();
    actionBodies.push(await response.text());
    await route.fulfill({ response });
  });
  await page.goto(article.path);
  await expect(page.getByRole('article', { name: approvedName })).toBeVisible();
  const jsText = unique('Held with a private email');
  await postReply(page, { comment: jsText, name: unique('Js Poster'), email, save: true });
  await expectHeld(page, jsText);
  const jsText2 = unique('Held without saving');
  await postReply(page, { comment: jsText2, name: unique('Js Poster'), email: jsNoSave, save: false });
  await expectHeld(page, jsText2);
  expect(actionBodies.length).toBe(2);
  expect(actionBodies.join('\n')).toContain(jsText);

  // 2. Post without JavaScript.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const noJsPage = await noJs.newPage();
  const redirects: { status: number; body: string }[] = [];
  noJsPage.on('response', async (response) => {
    if (response.request().method() === 'POST') redirects.push({ status: response.status(), body: await response.text().catch(() => '') });
  });
  await noJsPage.goto(article.path);
  const noJsText = unique('Plain post with a private email');
  await postReply(noJsPage, { comment: noJsText, name: unique('Plain Poster'), email, save: true });
  await expectHeld(noJsPage, noJsText);

  // 3. Another reader with a held comment of their own: their personal page.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(article.path);
  const otherText = unique('Another reader');
  await postReply(otherPage, { comment: otherText, name: unique('Other'), email: `${unique('other')}@example.com` });
  await expectHeld(otherPage, otherText);

  // The poster's comment approved, so the other reader's per-request page lists it publicly.
  const heldId = findCommentId(article.id, { body: jsText });
  expect(heldId).toBeDefined();
  setCommentStatus(heldId!, 'approved');

  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const bodies = {
    'article HTML': await fetchBody(anonymous, article.path),
    'article RSC payload': await fetchBody(anonymous, article.path, { RSC: '1' }),
    'article newest first': await fetchBody(anonymous, `${article.path}/comments/newest`),
    'launch article HTML': await fetchBody(anonymous, '/articles/starmer-us-security-guarantee'),
    'front page': await fetchBody(anonymous, '/'),
    '404 page': await fetchBody(anonymous, `/articles/${unique('missing')}`),
    "another reader's personal page": await fetchBody(other.request, article.path),
    "another reader's /respond page": await fetchBody(other.request, `${article.path}/respond`),
    "another reader's RSC payload": await fetchBody(other.request, `${article.path}/respond`, { RSC: '1' }),
    // The author's own pages carry their held comments, never their address (the form is filled
    // from the cookie in the browser).
    "author's own page": await fetchBody(page.request, article.path),
    "author's own held comments (JSON)": await fetchBody(page.request, `/api/held?article=${article.id}`),
    "author's own RSC payload": await fetchBody(page.request, `${article.path}/respond`, { RSC: '1' }),
    "no-JS author's own page": await fetchBody(noJs.request, article.path),
  };
  expect(bodies['article RSC payload'].type).toContain('text/x-component');
  expect(bodies['404 page'].status).toBe(404);
  expect(bodies["another reader's /respond page"].body).toContain(jsText);
  expect(bodies["another reader's /respond page"].body).toContain(otherText);
  expect(bodies['article HTML'].body).toContain(approvedName);
  expect(bodies['article newest first'].body).toContain(approvedName);
  expect(bodies["author's own held comments (JSON)"].body).toContain(jsText2);

  for (const [, { body }] of Object.entries(bodies)) expect(body.length).toBeGreaterThan(0);
  const found: Record<string, string[]> = {};
  for (const address of [email, jsNoSave]) {
    for (const [where, { body }] of Object.entries(bodies)) {
      const hits = leaks(body, address);
      if (hits.length) found[`${where} (${address})`] = hits;
    }
    actionBodies.forEach((body, index) => {
      const hits = leaks(body, address);
      if (hits.length) found[`server action response ${index + 1} (${address})`] = hits;
    });
    redirects.forEach(({ body }, index) => {
      const hits = leaks(body, address);
      if (hits.length) found[`no-JS post response ${index + 1} (${address})`] = hits;
    });
  }
  expect(found).toEqual({});
  expect(redirects.map(({ status }) => status)).toEqual([303]);

  await anonymous.dispose();
  await noJs.close();
  await other.close();
});

test('the reading side carries no email address either: feeds, sitemaps, JSON-LD, search, section, tag and author pages', async ({
  page,
  browser,
  playwright,
}) => {
  const email = `Reading.${unique('privacy')}@Example.com`;
  const word = `privacyword${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 8)}`;
  const section = unique('privacy-section').toLowerCase();
  const tag = `Privacy ${unique('tag')}`;
  const author = `Privacy ${unique('Author')}`;
  // A byline linked to a staff account: the author page shows the name, never the account's address.
  const article = seedArticle({
    label: 'privacy-reading',
    paragraphs: [`The ${word} story.`],
    section,
    tags: [tag],
    bylines: [{ name: author, userId: accountIdOf(adminAccount.email) }],
  });
  // A surge in force, started by the admin: its notice is public, who started it is not.
  const now = Date.now();
  db().run("insert into surges (kind, article_id, value, starts_at, ends_at, created_by, created_at) values ('hold', ?, null, ?, ?, ?, ?)", [
    article.id,
    new Date(now),
    new Date(now + 3_600_000),
    accountIdOf(adminAccount.email),
    new Date(now),
  ]);

  // A reader posts with a unique address; a moderator approves it, so it is public everywhere.
  const name = unique('Reading Poster');
  const text = unique('A public comment from a private address');
  await page.goto(article.path);
  // With "Notify me of replies by email" ticked: the address key and the emailed links must stay private too.
  await postReply(page, { comment: text, name, email, save: false, notify: true });
  await expectHeld(page, text);
  const admin = await browser.newContext({ storageState: adminState });
  const queue = await admin.newPage();
  await openQueue(queue, name);
  await act(queue, name, 'Approve');
  await admin.close();

  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const authorPath = `/authors/${authorSlugOf(author)}`;
  const tagPath = `/tags/${authorSlugOf(tag)}`;
  const urls = [
    article.path,
    `${article.path}/comments.xml`,
    '/',
    '/feed.xml',
    '/atom.xml',
    '/sitemap.xml',
    '/news-sitemap.xml',
    '/robots.txt',
    `/search?q=${word}`,
    `/search?q=${encodeURIComponent(name)}`,
    `/sections/${section}`,
    `/sections/${section}/feed.xml`,
    tagPath,
    `${tagPath}/feed.xml`,
    authorPath,
    `${authorPath}/feed.xml`,
  ];
  const bodies: Record<string, { status: number; body: string }> = {};
  for (const url of urls) bodies[url] = await fetchBody(anonymous, url);
  expect(bodies[article.path]!.body).toContain('application/ld+json');
  expect(bodies[`${article.path}/comments.xml`]!.body).toContain(text);
  expect(bodies[`/search?q=${word}`]!.body).toContain(article.headline);
  expect(bodies[authorPath]!.body).toContain(author);
  expect(bodies[article.path]!.body).toContain('Every comment is held for review until');
  expect(bodies[article.path]!.body).not.toContain(adminAccount.name);
  const found: Record<string, string[]> = {};
  for (const address of [email, adminAccount.email]) {
    for (const [where, { status, body }] of Object.entries(bodies)) {
      expect(status, where).toBe(200);
      const hits = leaks(body, address);
      if (hits.length) found[`${where} (${address})`] = hits;
    }
  }
  // The keyed hash the database knows the address by, and the signed links of its confirmation email.
  const addressKey = crypto.createHmac('sha256', serverSecret()).update(`mail-address\0${email.toLowerCase()}`).digest('hex');
  const mails = db().all<{ text_body: string }>('select text_body from outbox where recipient = ?', [email.toLowerCase()]);
  expect(mails.length).toBe(1);
  const tokens = [...mails[0]!.text_body.matchAll(/token=([^\s&]+)/g)].map((match) => decodeURIComponent(match[1]!));
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  for (const [label, secretText] of [['address key', addressKey], ...tokens.map((token, i) => [`emailed token ${i + 1}`, token])] as const) {
    for (const [where, { body }] of Object.entries(bodies)) {
      if (body.includes(secretText)) (found[where] ??= []).push(label);
    }
  }
  expect(found).toEqual({});
  await anonymous.dispose();
});

test('a moderation link opened without a session shows the held comment but never its author’s email', async ({ browser, request }) => {
  const email = `Held.${unique('confirm')}@Example.com`;
  const article = seedArticle({ label: 'privacy-confirm' });
  const name = unique('Held Private');
  const commentId = seedComment({ articleId: article.id, name, email, body: unique('Held with a private email'), status: 'pending' });
  // Signed as the server signs the links in moderators' email (lib/mail-links.ts), for the admin.
  const payload = `moderate.${accountIdOf(adminAccount.email)}.${commentId}.approve.${Date.now() + 3_600_000}`;
  const token = `${payload}.${crypto.createHmac('sha256', serverSecret()).update(`moderation-link\0${payload}`).digest('hex')}`;
  const url = `/admin/confirm?token=${token}`;
  const { status, body } = await fetchBody(request, url);
  expect(status).toBe(200);
  expect(body).toContain(name);
  expect(leaks(body, email)).toEqual([]);
  // Staff signed in do see it, as in the queue: the page tells the two apart.
  const admin = await browser.newContext({ storageState: adminState });
  const page = await admin.newPage();
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Approve this comment?' })).toBeVisible();
  expect(leaks(await page.content(), email)).not.toEqual([]);
  await admin.close();
});

test('asking for your comments and data leaves no address and no link on any public page', async ({ page, playwright }) => {
  const email = `Data.${unique('privacy')}@Example.com`;
  const name = unique('Data Poster');
  const text = unique('A comment whose author asks for their data');
  const article = seedArticle({ label: 'privacy-data' });
  seedComment({ articleId: article.id, name, email: email.toLowerCase(), body: text });

  const actionBodies: string[] = [];
  await page.route('**/email/your-data', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const response = await route.fetch();
    actionBodies.push(await response.text());
    await route.fulfill({ response });
  });
  await page.goto('/email/your-data');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If comments were written with that address');
  expect(actionBodies.length).toBe(1);

  const mails = db().all<{ text_body: string }>("select text_body from outbox where recipient = ? and kind = 'data'", [email.toLowerCase()]);
  expect(mails.length).toBe(1);
  const tokens = [...mails[0]!.text_body.matchAll(/token=([^\s&]+)/g)].map((match) => decodeURIComponent(match[1]!));
  expect(tokens.length).toBeGreaterThanOrEqual(2);

  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const bodies: Record<string, { body: string }> = {
    'article HTML': await fetchBody(anonymous, article.path),
    'article comment feed': await fetchBody(anonymous, `${article.path}/comments.xml`),
    'front page': await fetchBody(anonymous, '/'),
    'the request page': await fetchBody(anonymous, '/email/your-data'),
    'the request page after asking': await fetchBody(page.request, '/email/your-data'),
  };
  expect(bodies['article HTML']!.body).toContain(text);
  actionBodies.forEach((body, index) => (bodies[`request form answer ${index + 1}`] = { body }));
  const found: Record<string, string[]> = {};
  for (const [where, { body }] of Object.entries(bodies)) {
    const hits = leaks(body, email);
    for (const [i, token] of tokens.entries()) if (body.includes(token)) hits.push(`emailed token ${i + 1}`);
    if (hits.length) found[where] = hits;
  }
  expect(found).toEqual({});
  await anonymous.dispose();
});

import http from 'node:http';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { commentsByEmail, freshFormToken, messages, postViaAction, seedOldArticle, send } from './support/abuse';
import { moderatorState } from './support/accounts';
import { seedComment } from './support/db';
import { unique } from './support/helpers';
import { startSecondServer, type SecondServer } from './support/second-server';

// Everything at once, against a second server on the e2e database started by `npm start` (so a
// death would show as the supervisor's "stopped unexpectedly" line): readers posting and reading, a
// moderator approving through the queue, and the attacks of issue 14 (chunked bodies far over the limit to the sign-in endpoint,
// slow-header connections, unreadable forms, oversized declared bodies). Then: the server never
// exited, no reader's request failed with a 5xx, and every acknowledged comment is stored once.

const seconds = 30;

let server: SecondServer;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startSecondServer();
});

test.afterAll(async () => {
  await server?.kill('SIGTERM');
});

/** A chunked POST of `megabytes` MB of form data to the sign-in endpoint; resolves with its status, or 0 if cut off. */
function chunkedSignInFlood(base: string, megabytes: number): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(`${base}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < megabytes * 16) {
        sent++;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

/** A connection that sends one header line a second and never finishes its request. */
function slowHeaders(port: number, until: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => {
      if (Date.now() > until || socket.destroyed) {
        clearInterval(drip);
        socket.destroy();
        resolve();
      } else socket.write(`X-Drip-${Date.now()}: 1\r\n`);
    }, 1000);
    socket.on('close', () => {
      clearInterval(drip);
      resolve();
    });
  });
}

test(`${seconds} s of posts, reads, approvals and attacks at once: the server never exits, and stored = acknowledged`, async ({ browser }) => {
  test.setTimeout(120_000);
  const base = server.url;
  const port = Number(new URL(base).port);
  const article = seedOldArticle('stress');
  const run = unique('stress');
  const until = Date.now() + seconds * 1000;
  const acknowledged: { email: string; body: string }[] = [];
  const serverErrors: string[] = [];
  let reads = 0;
  let approvals = 0;
  let attacks = 0;

  async function poster(index: number) {
    for (let round = 0; Date.now() < until; round++) {
      const fields = {
        comment: `${run} poster ${index} round ${round}`,
        name: `Stress Poster ${index}`,
        email: `${run}-${index}-${round}@example.com`,
        formToken: await freshFormToken(article.id),
      };
      const answer = await postViaAction({ slug: article.slug, path: `${base}${article.path}` }, fields, {
        localAddress: `127.0.${30 + index}.${1 + (round % 250)}`,
        headers: { Origin: base },
      }).catch(() => null);
      if (answer && answer.status >= 500) serverErrors.push(`post ${answer.status}`);
      if (answer?.status === 200 && answer.text.includes(messages.held)) acknowledged.push({ email: fields.email, body: fields.comment });
    }
  }

  async function reader() {
    while (Date.now() < until) {
      for (const path of [article.path, '/', '/search?q=stress', `${article.path}/comments.xml`]) {
        const answer = await send('GET', `${base}${path}`).catch(() => null);
        reads++;
        if (!answer || answer.status >= 500) serverErrors.push(`GET ${path} ${answer?.status ?? 'no answer'}`);
      }
    }
  }

  async function moderator() {
    // Through the real queue on this server: each approval empties the article's cached page.
    const page = await (await browser.newContext({ storageState: moderatorState })).newPage();
    while (Date.now() < until) {
      const name = `${run} Held ${approvals}`;
      seedComment({ articleId: article.id, name, body: unique('To approve'), status: 'pending' });
      await page.goto(`${base}/admin?status=pending&q=${encodeURIComponent(name)}`);
      const row = page.getByRole('article', { name, exact: true });
      await row.getByRole('button', { name: 'Approve', exact: true }).click();
      await expect(row).toHaveCount(0);
      approvals++;
    }
    await page.context().close();
  }

  async function attacker() {
    while (Date.now() < until) {
      const round: Promise<unknown>[] = [
        ...Array.from({ length: 4 }, () => chunkedSignInFlood(base, 8)),
        ...Array.from({ length: 20 }, () => slowHeaders(port, Math.min(until, Date.now() + 6_000))),
        send('POST', `${base}${article.path}`, {
          body: Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="comment"\r\n\r\ncut off'),
          headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ' },
        }).then((answer) => expect(answer.status).toBe(400)),
        send('POST', `${base}/login`, {
          body: Buffer.alloc(1024),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(50 * 1024 * 1024) },
        }).catch(() => null),
      ];
      await Promise.all(round);
      attacks += round.length;
    }
  }

  await Promise.all([...Array.from({ length: 4 }, (_, i) => poster(i)), reader(), reader(), moderator(), attacker()]);

  // A normal reader afterwards is served, by the same process that started.
  const after = await send('GET', `${base}${article.path}`);
  expect(after.status).toBe(200);
  expect(server.process.exitCode).toBeNull();
  expect(server.log()).not.toContain('stopped unexpectedly');
  expect(serverErrors).toEqual([]);
  expect(acknowledged.length).toBeGreaterThan(20);
  for (const { email, body } of acknowledged) {
    const stored = commentsByEmail(email);
    expect(stored, email).toHaveLength(1);
    expect(stored[0]!.body).toBe(body);
  }
  const figures = `${acknowledged.length} posts acknowledged and stored once, ${reads} reads, ${approvals} approvals, ${attacks} attacks`;
  test.info().annotations.push({ type: 'stress', description: figures });
  console.log(`stress: ${figures}`);
});

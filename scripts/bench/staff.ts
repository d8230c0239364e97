import { CookieJar, decoded, hiddenFields, multipart, request } from './http';
import { commentFormOf, freshToken, postComment } from './post-load';

// What the bench does as staff: sign in through next-auth, and send a staff form as a browser
// without JavaScript sends it, timing how long until readers see its effect.

/** Signs in through next-auth's credentials form; the session cookie to send. */
export async function signIn(base: string, account: { email: string; password: string }): Promise<string> {
  const jar = new CookieJar();
  const csrf = await request(`${base}/api/auth/csrf`);
  jar.take(csrf);
  const csrfToken = (JSON.parse(csrf.body.toString()) as { csrfToken: string }).csrfToken;
  const form = new URLSearchParams({ csrfToken, email: account.email, password: account.password, callbackUrl: `${base}/admin` });
  const answer = await request(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    body: form.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header(), Origin: base },
  });
  jar.take(answer);
  const session = jar.get('authjs.session-token');
  if (!session) throw new Error(`signing in failed: ${answer.status} ${answer.headers.location ?? ''}`);
  return `authjs.session-token=${session}`;
}

/**
 * Posts a staff form (multipart), then asks for `page` until it contains `shows`: how long the
 * action took and how long until readers see its effect (NaN after 10 s).
 */
export async function actUntilVisible({
  action,
  page,
  shows,
}: {
  action: { url: string; fields: [string, string][]; origin: string; cookie: string; name: string };
  page: string;
  shows: string;
}): Promise<{ actionMs: number; visibleMs: number }> {
  const { body, contentType } = multipart(action.fields);
  const t0 = performance.now();
  const answer = await request(action.url, {
    method: 'POST',
    body,
    headers: { Origin: action.origin, Cookie: action.cookie, 'Content-Type': contentType, 'Content-Length': String(body.length) },
  });
  const actionMs = performance.now() - t0;
  if (answer.status >= 400) throw new Error(`${action.name} answered ${answer.status}`);
  while (performance.now() - t0 < 10_000) {
    if (decoded(await request(page, { headers: { 'Accept-Encoding': 'gzip' } })).includes(shows)) return { actionMs, visibleMs: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 20));
  }
  return { actionMs, visibleMs: NaN };
}

/**
 * A reader posts a comment on `article` through `staffBase` (held for review), a moderator approves
 * it there, and readers ask `readerBase` (the same server, or another on the same database) until
 * its public page shows it.
 */
export async function approveUntilVisible(options: {
  staffBase: string;
  readerBase: string;
  adminCookie: string;
  article: { id: number; slug: string };
  text: string;
}): Promise<{ actionMs: number; visibleMs: number }> {
  const { staffBase, article } = options;
  const staffArticleUrl = `${staffBase}/articles/${article.slug}`;
  const readerUrl = `${options.readerBase}/articles/${article.slug}`;
  const form = commentFormOf(decoded(await request(staffArticleUrl, { headers: { 'Accept-Encoding': 'gzip' } })), staffArticleUrl);
  const posted = await postComment(form, staffBase, { token: await freshToken(staffBase, article.id), comment: options.text, name: 'Bench Approval' });
  if (posted.id === null) throw new Error(`posting for approval answered ${posted.status}`);
  const id = posted.id;
  // The public page is cached and does not show it yet.
  for (let k = 0; k < 2; k++) await request(readerUrl);
  if ((await request(readerUrl)).body.toString().includes(`id="comment-${id}"`)) throw new Error('a held comment is public');
  const queueUrl = `${staffBase}/admin?status=pending&article=${article.slug}`;
  const queueHtml = (await request(queueUrl, { headers: { Cookie: options.adminCookie } })).body.toString();
  const rowStart = queueHtml.indexOf(`aria-labelledby="row-${id}-author"`);
  const rowForm = rowStart === -1 ? null : /<form\b[^>]*class="row-buttons"[^>]*>[\s\S]*?<\/form>/.exec(queueHtml.slice(rowStart))?.[0];
  if (!rowForm) throw new Error(`comment ${id} is not in the moderation queue`);
  return actUntilVisible({
    action: { url: queueUrl, fields: [...hiddenFields(rowForm), ['intent', 'approve']], origin: staffBase, cookie: options.adminCookie, name: 'the approve action' },
    page: readerUrl,
    shows: `id="comment-${id}"`,
  });
}

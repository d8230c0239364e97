import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { e2eDataDirectory, e2eOnPostgres, e2ePostgresAuthSecret } from '../../playwright.config';
import { e2eDb, type E2eDatabase } from './e2e-database';
import { relaxedAbuseSettings, seedArticle, setSettings } from './db';
import { launchPath } from './helpers';

// Helpers for the abuse specs: post through the real server action over HTTP (from any loopback
// address), sign form tokens as the server does, and read what was stored.

export const baseURL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3917)}`;

/** What the e2e suite runs with (global-setup) plus the content rules' defaults. */
export function restoreSettings() {
  setSettings({
    ...relaxedAbuseSettings,
    approvalPolicy: 'all',
    holdLinkCount: 2,
    moderationWords: [],
    disallowedWords: [],
  });
}

const db = e2eDb;

export type StoredComment = {
  id: number;
  article_id: number;
  author_name: string;
  author_email: string;
  author_url: string | null;
  body: string;
  status: string;
  held_reason: string | null;
  ip: string | null;
  idempotency_key: string | null;
};

export function commentsByEmail(email: string, from: E2eDatabase = db()): StoredComment[] {
  return from.all<StoredComment>('select * from comments where author_email = ? order by id', [email.toLowerCase()]);
}

export function commentsByArticle(articleId: number): StoredComment[] {
  return db().all<StoredComment>('select * from comments where article_id = ? order by id', [articleId]);
}

export function addBan(ban: { kind: 'email' | 'ip'; value: string; prefixBits?: number | null }, into: E2eDatabase = db()): number {
  return into.get<{ id: number }>('insert into bans (kind, value, prefix_bits, created_at) values (?, ?, ?, ?) returning id', [
    ban.kind,
    ban.value,
    ban.prefixBits ?? null,
    new Date(),
  ])!.id;
}

export function liftBan(id: number) {
  db().run('update bans set lifted_at = ? where id = ?', [new Date(), id]);
}

/** The e2e server's own secret: generated into its data folder on SQLite, given to it on PostgreSQL. */
export function serverSecret(): string {
  return e2eOnPostgres ? e2ePostgresAuthSecret : fs.readFileSync(path.join(e2eDataDirectory, 'auth-secret'), 'utf8').trim();
}

/** A form token signed with the e2e server's own secret. */
export function signFormToken(articleId: number, issuedAt: number, secret?: string): string {
  const key = secret ?? serverSecret();
  const payload = `${articleId}.${issuedAt}.${crypto.randomBytes(12).toString('base64url')}`;
  const signature = crypto.createHmac('sha256', key).update(`form-token\0${payload}`).digest('hex').slice(0, 32);
  return `${payload}.${signature}`;
}

export type HttpResult = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** A raw HTTP request from a chosen loopback address: the server sees it as a different client. */
export function send(
  method: string,
  url: string,
  { body, headers = {}, localAddress }: { body?: Buffer; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(url, baseURL), { method, headers, localAddress }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    if (body) request.write(body);
    request.end();
  });
}

let cachedActionId: string | undefined;

/**
 * The id of postComment, as the no-JavaScript form names it. Read from the launch article, so that
 * a test's own article is not rendered (and cached) before its comments are in place.
 */
export async function postCommentActionId(): Promise<string> {
  if (cachedActionId) return cachedActionId;
  const page = await send('GET', launchPath);
  const match = /name="\$ACTION_1:0" value="\{&quot;id&quot;:&quot;([0-9a-f]+)&quot;/.exec(page.text);
  if (!match?.[1]) throw new Error(`no server action id in ${launchPath}`);
  return (cachedActionId = match[1]);
}

export async function freshFormToken(articleId: number, localAddress?: string): Promise<string> {
  const response = await send('GET', `/api/form-token?article=${articleId}`, { localAddress });
  return (JSON.parse(response.text) as { token: string }).token;
}

export type ActionFields = {
  comment?: string;
  name?: string;
  email?: string;
  website?: string;
  formToken?: string;
  homepage?: string;
  parentId?: string;
};

/**
 * Calls postComment exactly as the browser's form does (captured from Chromium): a multipart POST
 * to the article with a Next-Action header, the bound slug and state in field 0, the form's
 * fields prefixed _1_.
 */
export async function postViaAction(
  article: { slug: string; path: string },
  fields: ActionFields,
  { localAddress, headers = {} }: { localAddress?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const form = new FormData();
  for (const [key, value] of Object.entries({ parentId: '', homepage: '', website: '', ...fields })) {
    if (value !== undefined) form.append(`_1_${key}`, value);
  }
  // Last, as the browser sends it: the server streams the body and resolves the arguments at field 0.
  form.append('0', JSON.stringify([article.slug, { status: 'idle' }, '$K1']));
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  return send('POST', article.path, {
    body,
    localAddress,
    headers: {
      'Content-Type': encoded.headers.get('content-type') ?? '',
      'Content-Length': String(body.length),
      Accept: 'text/x-component',
      'Next-Action': await postCommentActionId(),
      Origin: baseURL,
      ...headers,
    },
  });
}

export const messages = {
  flood: 'You are posting comments too quickly. Slow down.',
  queueFull: 'So many comments are waiting for review that new ones are paused for a minute.',
  duplicate: "Duplicate comment detected; it looks as though you've already said that!",
  held: 'Thank you. Your comment is held for review and will appear for everyone once a moderator approves it.',
  published: 'Thank you. Your comment is published.',
  expired: 'This page was open for a long time. Press Post Comment again to send your comment.',
  correct: 'Please correct the fields marked below.',
} as const;

export function addModerator(user: { email: string; name: string; passwordHash: string }) {
  db().run("insert into users (email, name, password_hash, role, created_at) values (?, ?, ?, 'moderator', ?)", [
    user.email,
    user.name,
    user.passwordHash,
    new Date(),
  ]);
}

/**
 * An article of the abuse specs, dated long ago: the front page lists the newest 50, and these specs
 * make many, which must not push the launch article off it for the specs that run after them.
 */
export function seedOldArticle(label: string) {
  return seedArticle({ label, publishedAt: new Date('2001-01-01T00:00:00Z') });
}

import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { e2eDatabase } from '../playwright.config';
import { unique } from './helpers';

// There is no moderation UI yet, so tests make approved comments by writing the e2e database
// directly. The shared article page is cached after its first render and a direct write does not
// invalidate it: seed a new article and its comments BEFORE the first visit to that article.

let handle: Database.Database | undefined;

function db(): Database.Database {
  if (!handle) {
    handle = new Database(e2eDatabase, { fileMustExist: true });
    handle.pragma('busy_timeout = 5000');
    handle.pragma('foreign_keys = ON');
  }
  return handle;
}

export type SeededArticle = { id: number; slug: string; path: string; headline: string; standfirst: string };

export function seedArticle(
  options: {
    label?: string;
    headline?: string;
    standfirst?: string;
    paragraphs?: string[];
    commentsOpen?: boolean;
    publishedAt?: Date;
  } = {},
  into: Database.Database = db(),
): SeededArticle {
  const slug = unique(options.label ?? 'e2e-article').toLowerCase();
  const headline = options.headline ?? `Headline ${slug}`;
  const standfirst = options.standfirst ?? `Standfirst ${slug}`;
  const paragraphs = options.paragraphs ?? [`Body of ${slug}.`];
  const body = JSON.stringify(paragraphs.map((text) => ({ type: 'paragraph', text })));
  const now = Date.now();
  const result = into
    .prepare(
      `insert into articles (slug, headline, standfirst, body, published_at, comments_open, created_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      slug,
      headline,
      standfirst,
      body,
      (options.publishedAt ?? new Date(now)).getTime(),
      options.commentsOpen === false ? 0 : 1,
      now,
    );
  return { id: Number(result.lastInsertRowid), slug, path: `/articles/${slug}`, headline, standfirst };
}

export type SeededComment = {
  articleId: number;
  parentId?: number | null;
  name: string;
  email?: string;
  website?: string | null;
  body: string;
  status?: 'pending' | 'approved' | 'spam' | 'trash';
  createdAt?: Date;
};

export function seedComment(comment: SeededComment): number {
  const created = (comment.createdAt ?? new Date()).getTime();
  const result = db()
    .prepare(
      `insert into comments
         (article_id, parent_id, author_name, author_email, author_url, avatar_key, body, status,
          approved_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      comment.articleId,
      comment.parentId ?? null,
      comment.name,
      comment.email ?? `${unique('seeded')}@example.com`,
      comment.website ?? null,
      crypto.randomBytes(8).toString('hex'),
      comment.body,
      comment.status ?? 'approved',
      (comment.status ?? 'approved') === 'approved' ? created : null,
      created,
      created,
    );
  return Number(result.lastInsertRowid);
}

/** Moderation stand-in for pages that are rendered per request (the personal /respond page). */
export function setCommentStatus(id: number, status: 'pending' | 'approved' | 'spam' | 'trash') {
  db().prepare('update comments set status = ?, updated_at = ? where id = ?').run(status, Date.now(), id);
}

export function findCommentId(articleId: number, body: string): number | undefined {
  const row = db()
    .prepare('select id from comments where article_id = ? and body = ? order by id desc limit 1')
    .get(articleId, body) as { id: number } | undefined;
  return row?.id;
}

/** Writes discussion settings straight into the database; the next post reads them. */
export function setSettings(values: Record<string, unknown>, into: Database.Database = db()) {
  const upsert = into.prepare(
    'insert into settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value',
  );
  for (const [key, value] of Object.entries(values)) upsert.run(key, JSON.stringify(value));
}

/**
 * The suite posts many comments from 127.0.0.1 within seconds, as no person would: it runs with
 * the bot timer and the flood limits off. The specs for those rules switch them on themselves.
 */
export const relaxedAbuseSettings = { minSecondsBeforePost: 0, floodSeconds: 0, hourlyLimit: 1_000_000 };

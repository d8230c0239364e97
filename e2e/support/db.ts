import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { e2eDatabase } from '../../playwright.config';
import { launchSlug, unique } from './helpers';

// What a test only needs to exist (articles, approved comments, settings) is written straight into
// the e2e database; the browser is kept for what a person does. The shared article page is cached
// after its first render and a direct write does not empty that cache: seed a new article and its
// comments BEFORE the first visit to that article.

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

/** A comment readers reported off the page (as reportComment leaves it at the threshold). */
export function flagComment(id: number) {
  db().prepare('update comments set flagged = 1, report_count = 1 where id = ?').run(id);
  db()
    .prepare("insert into reports (comment_id, client_key, reason, created_at) values (?, ?, 'spam', ?)")
    .run(id, `e2e:${unique('reporter')}`, Date.now());
}

export function findCommentId(articleId: number, by: { body: string } | { authorName: string }): number | undefined {
  const [column, value] = 'body' in by ? ['body', by.body] : ['author_name', by.authorName];
  const row = db()
    .prepare(`select id from comments where article_id = ? and ${column} = ? order by id desc limit 1`)
    .get(articleId, value) as { id: number } | undefined;
  return row?.id;
}

export function launchArticleId(): number {
  return (db().prepare('select id from articles where slug = ?').get(launchSlug) as { id: number }).id;
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

export type StoredArticle = { id: number; slug: string; headline: string; standfirst: string; body_source: string | null; status: string; version: number };

/** The article as stored, to check what a refused or stale save left behind. */
export function readArticle(id: number): StoredArticle | undefined {
  return db().prepare('select id, slug, headline, standfirst, body_source, status, version from articles where id = ?').get(id) as StoredArticle | undefined;
}

export function countArticles(): number {
  return (db().prepare('select count(*) as n from articles').get() as { n: number }).n;
}

export function userIdOf(email: string): number {
  return (db().prepare('select id from users where email = ?').get(email) as { id: number }).id;
}

/** A newsroom article as the editor would have left it, with its first revision. */
export function seedNewsroomArticle(options: { createdBy: number; status: 'draft' | 'review' | 'published'; label?: string }): { id: number; slug: string; revisionId: number } {
  const slug = unique(options.label ?? 'newsroom').toLowerCase();
  const now = Date.now();
  const body = JSON.stringify([{ type: 'paragraph', text: `Body of ${slug}.` }]);
  const id = Number(
    db()
      .prepare(
        `insert into articles (slug, headline, standfirst, body, body_source, body_text, status, published_at, first_published_at, created_by, created_at, updated_at)
         values (?, ?, 'Standfirst', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(slug, `Headline ${slug}`, body, `Body of ${slug}.`, `Body of ${slug}.`, options.status, now, options.status === 'published' ? now : null, options.createdBy, now, now)
      .lastInsertRowid,
  );
  const snapshot = JSON.stringify({ headline: `Headline ${slug}`, standfirst: 'Standfirst', slug, byline: [], sectionId: null, tags: [], bodySource: `Body of ${slug}.`, imageId: null, imageAlt: '', imageCaption: '', imageCredit: '', commentsOpen: true, correction: '', status: options.status, publishedAt: new Date(now).toISOString() });
  db()
    .prepare("insert into article_bylines (article_id, position, user_id, name, author_slug) select ?, 0, id, name, 'staff-' || id from users where id = ?")
    .run(id, options.createdBy);
  const revisionId = Number(
    db()
      .prepare("insert into article_revisions (article_id, version, user_id, action, snapshot) values (?, 1, ?, 'created', ?)")
      .run(id, options.createdBy, snapshot).lastInsertRowid,
  );
  return { id, slug, revisionId };
}

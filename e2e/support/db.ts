import crypto from 'node:crypto';
import { e2eOnPostgres } from '../../playwright.config';
import { e2eDb, type E2eDatabase } from './e2e-database';
import { launchSlug, unique } from './helpers';

// What a test only needs to exist (articles, approved comments, settings) is written straight into
// the e2e database; the browser is kept for what a person does. The shared article page is cached
// after its first render and a direct write does not empty that cache: seed a new article and its
// comments BEFORE the first visit to that article.

const db = e2eDb;

export type SeededArticle = { id: number; slug: string; path: string; headline: string; standfirst: string };

/** A section by slug, made (with this name) when it does not exist yet; returns its id. */
export function seedSection(slug: string, name = slug, into: E2eDatabase = db()): number {
  into.run('insert into sections (slug, name, position) values (?, ?, 100) on conflict(slug) do nothing', [slug, name]);
  return into.get<{ id: number }>('select id from sections where slug = ?', [slug])!.id;
}

function seedTag(slug: string, name: string, into: E2eDatabase): number {
  into.run('insert into tags (slug, name) values (?, ?) on conflict(slug) do nothing', [slug, name]);
  return into.get<{ id: number }>('select id from tags where slug = ?', [slug])!.id;
}

function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function seedArticle(
  options: {
    label?: string;
    /** The article's slug; a unique one made from `label` when absent. */
    slug?: string;
    headline?: string;
    standfirst?: string;
    paragraphs?: string[];
    commentsOpen?: boolean;
    publishedAt?: Date;
    /** 'published' unless said; a published article with a future publishedAt is scheduled. */
    status?: 'draft' | 'review' | 'published' | 'unpublished';
    /** A section's slug (made, named after it, when new). */
    section?: string;
    /** Tag names (slugs made from them; tags made when new). */
    tags?: string[];
    /** Byline names, in order (author slugs made from them); `userId` links one to a staff account. */
    bylines?: (string | { name: string; userId: number })[];
    /** A lead image: an images row of a 1600×900 picture (its files are not written). */
    leadImage?: { alt: string };
  } = {},
  into: E2eDatabase = db(),
): SeededArticle {
  const slug = options.slug ?? unique(options.label ?? 'e2e-article').toLowerCase();
  const headline = options.headline ?? `Headline ${slug}`;
  const standfirst = options.standfirst ?? `Standfirst ${slug}`;
  const paragraphs = options.paragraphs ?? [`Body of ${slug}.`];
  const body = JSON.stringify(paragraphs.map((text) => ({ type: 'paragraph', text })));
  const now = new Date();
  const publishedAt = options.publishedAt ?? now;
  const status = options.status ?? 'published';
  const sectionId = options.section ? seedSection(options.section, options.section, into) : null;
  const id = into.transaction(() => {
    const { id } = into.get<{ id: number }>(
      `insert into articles (slug, headline, standfirst, body, body_text, status, published_at, first_published_at,
         comments_open, section_id, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
      [slug, headline, standfirst, body, paragraphs.join('\n'), status, publishedAt, status === 'published' ? publishedAt : null, options.commentsOpen !== false, sectionId, now, now],
    )!;
    if (options.leadImage) {
      const image = into.get<{ id: number }>(
        "insert into images (hash, format, width, height, widths, bytes) values (?, 'jpeg', 1600, 900, '[480,960,1600]', 1000) returning id",
        [crypto.randomBytes(32).toString('hex')],
      )!;
      into.run('update articles set lead_image_id = ?, lead_image_alt = ? where id = ?', [image.id, options.leadImage.alt, id]);
    }
    for (const name of options.tags ?? []) {
      into.run('insert into article_tags (article_id, tag_id) values (?, ?)', [id, seedTag(slugOf(name), name, into)]);
    }
    (options.bylines ?? []).forEach((byline, position) => {
      const { name, userId } = typeof byline === 'string' ? { name: byline, userId: null } : byline;
      into.run('insert into article_bylines (article_id, position, user_id, name, author_slug) values (?, ?, ?, ?, ?)', [id, position, userId, name, slugOf(name)]);
    });
    return id;
  });
  return { id, slug, path: `/articles/${slug}`, headline, standfirst };
}

/** The author page's slug for a byline name, as seedArticle makes it. */
export function authorSlugOf(name: string): string {
  return slugOf(name);
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
  /** The browser that wrote it (its margin_reader cookie). */
  readerToken?: string;
};

export function seedComment(comment: SeededComment, into: E2eDatabase = db()): number {
  const created = comment.createdAt ?? new Date();
  const status = comment.status ?? 'approved';
  return into.get<{ id: number }>(
    `insert into comments
       (article_id, parent_id, author_name, author_email, author_url, avatar_key, body, status,
        approved_at, created_at, updated_at, reader_key)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [
      comment.articleId,
      comment.parentId ?? null,
      comment.name,
      comment.email ?? `${unique('seeded')}@example.com`,
      comment.website ?? null,
      crypto.randomBytes(8).toString('hex'),
      comment.body,
      status,
      status === 'approved' ? created : null,
      created,
      created,
      comment.readerToken ? crypto.createHash('sha256').update(comment.readerToken).digest('hex') : null,
    ],
  )!.id;
}

/**
 * A browser the site knows: its reader cookie, and an approved comment written with it on an article
 * of its own (its reports weigh twice a stranger's). Returns the cookie to give a browser context.
 */
export function seedKnownReader(baseURL: string): { name: string; value: string; url: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  const home = seedArticle({ label: 'regular-reader' });
  seedComment({ articleId: home.id, name: unique('Regular'), body: unique('An approved comment'), readerToken: token });
  return { name: 'margin_reader', value: token, url: baseURL };
}

/** Moderation stand-in for pages that are rendered per request (the personal /respond page). */
export function setCommentStatus(id: number, status: 'pending' | 'approved' | 'spam' | 'trash') {
  db().run('update comments set status = ?, updated_at = ? where id = ?', [status, new Date(), id]);
}

/** A comment readers reported off the page (as reportComment leaves it at the threshold). */
export function flagComment(id: number) {
  db().run('update comments set flagged = true, report_count = 1 where id = ?', [id]);
  db().run("insert into reports (comment_id, client_key, reason, created_at) values (?, ?, 'spam', ?)", [id, `e2e:${unique('reporter')}`, new Date()]);
}

export function findCommentId(articleId: number, by: { body: string } | { authorName: string }): number | undefined {
  const [column, value] = 'body' in by ? ['body', by.body] : ['author_name', by.authorName];
  return db().get<{ id: number }>(`select id from comments where article_id = ? and ${column} = ? order by id desc limit 1`, [articleId, value])?.id;
}

export function launchArticleId(): number {
  return db().get<{ id: number }>('select id from articles where slug = ?', [launchSlug])!.id;
}

/** Writes discussion settings straight into the database; the next post reads them. */
export function setSettings(values: Record<string, unknown>, into: E2eDatabase = db()) {
  for (const [key, value] of Object.entries(values)) {
    into.run('insert into settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value', [key, JSON.stringify(value)]);
  }
}

/**
 * The suite posts many comments from 127.0.0.1 within seconds, as no person would: it runs with
 * the bot timer and the flood limits off. The specs for those rules switch them on themselves.
 */
export const relaxedAbuseSettings = { minSecondsBeforePost: 0, floodSeconds: 0, hourlyLimit: 1_000_000, networkHourlyLimit: 1_000_000, pendingPerMinute: 0 };

export type StoredArticle = { id: number; slug: string; headline: string; standfirst: string; body_source: string | null; status: string; version: number };

/** The article as stored, to check what a refused or stale save left behind. */
export function readArticle(id: number): StoredArticle | undefined {
  return db().get<StoredArticle>('select id, slug, headline, standfirst, body_source, status, version from articles where id = ?', [id]);
}

export function countArticles(): number {
  return db().get<{ n: number }>('select count(*) as n from articles')!.n;
}

export function userIdOf(email: string): number {
  return db().get<{ id: number }>('select id from users where email = ?', [email])!.id;
}

/** A newsroom article as the editor would have left it, with its first revision. */
export function seedNewsroomArticle(options: { createdBy: number; status: 'draft' | 'review' | 'published'; label?: string }): { id: number; slug: string; revisionId: number } {
  const slug = unique(options.label ?? 'newsroom').toLowerCase();
  const now = new Date();
  const body = JSON.stringify([{ type: 'paragraph', text: `Body of ${slug}.` }]);
  const { id } = db().get<{ id: number }>(
    `insert into articles (slug, headline, standfirst, body, body_source, body_text, status, published_at, first_published_at, created_by, created_at, updated_at)
     values (?, ?, 'Standfirst', ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [slug, `Headline ${slug}`, body, `Body of ${slug}.`, `Body of ${slug}.`, options.status, now, options.status === 'published' ? now : null, options.createdBy, now, now],
  )!;
  const snapshot = JSON.stringify({ headline: `Headline ${slug}`, standfirst: 'Standfirst', slug, byline: [], sectionId: null, tags: [], bodySource: `Body of ${slug}.`, imageId: null, imageAlt: '', imageCaption: '', imageCredit: '', commentsOpen: true, correction: '', status: options.status, publishedAt: now.toISOString() });
  db().run(
    "insert into article_bylines (article_id, position, user_id, name, author_slug) select cast(? as integer), 0, id, name, 'staff-' || id from users where id = ?",
    [id, options.createdBy],
  );
  const revisionId = db().get<{ id: number }>(
    "insert into article_revisions (article_id, version, user_id, action, snapshot) values (?, 1, ?, 'created', ?) returning id",
    [id, options.createdBy, snapshot],
  )!.id;
  return { id, slug, revisionId };
}
/** A staff account's id, for a byline linked to it. */
export function accountIdOf(email: string): number {
  return db().get<{ id: number }>('select id from users where email = ?', [email])!.id;
}

/**
 * A database that fails on demand: from now on every comment written from an email starting with
 * `emailPrefix` is refused by the database itself, as a full disk or an I/O error would refuse it
 * (a trigger; other readers' comments are untouched). Returns what takes the failure away.
 */
export function failCommentWritesFrom(emailPrefix: string): () => void {
  const name = `fail_${crypto.randomBytes(6).toString('hex')}`;
  const prefix = emailPrefix.toLowerCase().replace(/'/g, "''");
  if (e2eOnPostgres) {
    db().run(`create function ${name}() returns trigger language plpgsql as $$
      begin
        if new.author_email like '${prefix}%' then
          raise exception 'could not extend file: No space left on device (simulated)' using errcode = '53100';
        end if;
        return new;
      end $$`);
    db().run(`create trigger ${name} before insert or update on comments for each row execute function ${name}()`);
    return () => {
      db().run(`drop trigger if exists ${name} on comments`);
      db().run(`drop function if exists ${name}()`);
    };
  }
  db().run(`create trigger ${name} before insert on comments when new.author_email like '${prefix}%'
    begin select raise(abort, 'database or disk is full (simulated)'); end`);
  return () => void db().run(`drop trigger if exists ${name}`);
}

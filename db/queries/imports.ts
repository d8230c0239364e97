import 'server-only';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { allRows, isOneOf, jsonRows, reserveIds, runStatement, serializeWrites, storedTime, type JsonColumnType } from '@/db/dialect';
import type { Db } from '@/db/handle';
import { write } from '@/db/writer';
import {
  articleBylines,
  articleRedirects,
  articleTags,
  articles,
  comments,
  importedItems,
  legacyAddresses,
  sections,
  tags,
  users,
} from '@/db/schema';
import type { ArticleBlock } from '@/lib/article-body';
import { slugify, type ArticleStatus } from '@/lib/articles';
import type { CommentStatus } from '@/lib/comments';
import { normalizeEmail } from '@/lib/email';
import type { MovedCommentFields } from '@/lib/wordpress/export';
import { avatarKeyOf } from './comments';

// Imports from another site (npm run import): each article with its comments in one transaction,
// and a row in imported_items for each thing brought in, so a second run adds only what is new.
// Privacy contract: comment emails are written here and never returned; results are ids and counts.

export type ImportedComment = MovedCommentFields & {
  sourceId: string;
  /** The source id of the comment it replies to, on the same article, or null. */
  parentSourceId: string | null;
  createdAt: number;
};

export type ImportedArticle = {
  source: string;
  sourceId: string;
  slug: string;
  headline: string;
  standfirst: string;
  blocks: ArticleBlock[];
  bodyText: string;
  status: ArticleStatus;
  publishedAt: number;
  modifiedAt: number | null;
  commentsOpen: boolean;
  /** Matched to a staff account by email when there is one, else kept as a name. */
  author: { name: string; email: string | null } | null;
  section: { sourceId: string; slug: string; name: string; addresses: string[] } | null;
  tags: { slug: string; name: string }[];
  /** The old site's addresses of this post, answered with a redirect to the article. */
  addresses: string[];
  /** Other old addresses this post brings (its tags' and its other categories'), with their Margin paths. */
  otherAddresses: { path: string; target: string }[];
  comments: ImportedComment[];
};

export type ArticleImportResult = {
  articleId: number;
  slug: string;
  created: boolean;
  /** When the slug had to change because another article has it. */
  slugNote?: string;
  authorMatched: boolean;
  sectionCreated: boolean;
  commentsAdded: Record<CommentStatus, number>;
  commentsKnown: number;
};

class DryRun extends Error {
  constructor(readonly result: ArticleImportResult | CommentsImportResult) {
    super('dry run');
  }
}

/** The Margin ids of the rows `sourceIds` became, looked up by imported_items' primary key in one statement. */
async function mappedIds(tx: Db, source: string, kind: string, sourceIds: readonly string[]): Promise<Map<string, number>> {
  if (!sourceIds.length) return new Map();
  const rows = await tx
    .select({ sourceId: importedItems.sourceId, targetId: importedItems.targetId })
    .from(importedItems)
    .where(and(eq(importedItems.source, source), eq(importedItems.kind, kind), isOneOf(importedItems.sourceId, sourceIds)));
  return new Map(rows.map((row) => [row.sourceId, row.targetId]));
}

async function remember(tx: Db, source: string, kind: string, pairs: readonly [string, number][]): Promise<void> {
  if (!pairs.length) return;
  const rows = jsonRows(
    pairs.map(([sourceId, targetId]) => ({ source_id: sourceId, target_id: targetId })),
    { source_id: 'text', target_id: 'integer' },
  );
  // A row whose Margin row was deleted since is pointed at the new one.
  await runStatement(
    tx,
    sql`insert into ${importedItems} (source, kind, source_id, target_id, created_at)
      select ${source}, ${kind}, r.source_id, r.target_id, ${storedTime(Date.now())} from ${rows} r
      where true -- SQLite reads an upsert after a SELECT only with a WHERE
      on conflict (source, kind, source_id) do update set target_id = excluded.target_id`,
  );
}

async function addAddresses(tx: Db, addresses: readonly { path: string; target: string }[]): Promise<void> {
  if (!addresses.length) return;
  const rows = jsonRows(addresses, { path: 'text', target: 'text' });
  // An address already pointing somewhere keeps its first target: an old link never changes meaning.
  await runStatement(
    tx,
    sql`insert into ${legacyAddresses} (path, target, created_at) select r.path, r.target, ${storedTime(Date.now())} from ${rows} r where true on conflict do nothing`,
  );
}

/** Whether an article has the slug, or had it (an old slug still redirects), in one statement. */
async function slugTaken(tx: Db, slug: string): Promise<boolean> {
  const [row] = await allRows<{ taken: number }>(
    tx,
    sql`select case when exists (select 1 from ${articles} where slug = ${slug}) or exists (select 1 from ${articleRedirects} where old_slug = ${slug}) then 1 else 0 end as taken`,
  );
  return Number(row?.taken) === 1;
}

async function freeSlug(tx: Db, wanted: string): Promise<string> {
  if (!(await slugTaken(tx, wanted))) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted.slice(0, 75)}-${n}`;
    if (!(await slugTaken(tx, candidate))) return candidate;
  }
}

async function sectionFor(tx: Db, source: string, section: NonNullable<ImportedArticle['section']>): Promise<{ id: number; slug: string; created: boolean }> {
  const known = await first(
    tx
      .select({ id: sections.id, slug: sections.slug })
      .from(importedItems)
      .innerJoin(sections, eq(sections.id, importedItems.targetId))
      .where(and(eq(importedItems.source, source), eq(importedItems.kind, 'category'), eq(importedItems.sourceId, section.sourceId))),
  );
  if (known) return { ...known, created: false };
  const existing = await first(
    tx
      .select({ id: sections.id, slug: sections.slug })
      .from(sections)
      .where(or(eq(sections.slug, section.slug), sql`lower(${sections.name}) = lower(${section.name})`))
      .limit(1),
  );
  let row = existing;
  if (!row) {
    const [position] = await tx.select({ n: sql<number>`count(*)` }).from(sections);
    [row] = await tx
      .insert(sections)
      .values({ slug: section.slug, name: section.name, position: Number(position?.n ?? 0), createdAt: new Date() })
      .returning({ id: sections.id, slug: sections.slug });
  }
  await remember(tx, source, 'category', [[section.sourceId, row!.id]]);
  await addAddresses(tx, section.addresses.map((path) => ({ path, target: `/sections/${row!.slug}` })));
  return { ...row!, created: !existing };
}

async function insertArticle(tx: Db, input: ImportedArticle, result: Pick<ArticleImportResult, 'authorMatched' | 'sectionCreated'>): Promise<{ id: number; slug: string; slugNote?: string }> {
  const slug = await freeSlug(tx, input.slug);
  const account = input.author?.email
    ? await first(tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, normalizeEmail(input.author.email))))
    : undefined;
  result.authorMatched = Boolean(account);
  const section = input.section ? await sectionFor(tx, input.source, input.section) : null;
  result.sectionCreated = Boolean(section?.created);
  const published = input.status === 'published' || input.status === 'unpublished';
  const revised = input.modifiedAt !== null && input.modifiedAt > input.publishedAt + 60_000 ? input.modifiedAt : null;
  const [row] = await tx
    .insert(articles)
    .values({
      slug,
      headline: input.headline,
      standfirst: input.standfirst,
      body: JSON.stringify(input.blocks),
      bodySource: null,
      bodyText: input.bodyText,
      status: input.status,
      publishedAt: new Date(input.publishedAt),
      firstPublishedAt: published ? new Date(input.publishedAt) : null,
      revisedAt: published && revised !== null ? new Date(revised) : null,
      sectionId: section?.id ?? null,
      commentsOpen: input.commentsOpen,
      createdBy: account?.id ?? null,
      createdAt: new Date(input.publishedAt),
      updatedAt: new Date(input.modifiedAt ?? input.publishedAt),
    })
    .returning({ id: articles.id });
  const id = row!.id;
  const name = account?.name ?? input.author?.name;
  if (name) {
    await tx.insert(articleBylines).values({ articleId: id, position: 0, userId: account?.id ?? null, name, authorSlug: slugify(name) || 'author' });
  }
  if (input.tags.length) {
    const bySlug = new Map(input.tags.map((tag) => [tag.slug, tag.name]));
    await tx
      .insert(tags)
      .values([...bySlug].map(([tagSlug, tagName]) => ({ slug: tagSlug, name: tagName, createdAt: new Date() })))
      .onConflictDoNothing({ target: tags.slug });
    await tx
      .insert(articleTags)
      .select(tx.select({ articleId: sql<number>`cast(${id} as integer)`.as('article_id'), tagId: tags.id }).from(tags).where(inArray(tags.slug, [...bySlug.keys()])))
      .onConflictDoNothing();
  }
  await remember(tx, input.source, 'post', [[input.sourceId, id]]);
  return { id, slug, ...(slug !== input.slug ? { slugNote: `the slug "${input.slug}" belongs to another article: imported as "${slug}"` } : {}) };
}

/** The comment's idempotency key: one per imported comment, so the database itself refuses a second copy. */
function importKey(source: string, sourceId: string): string {
  return `import ${source} ${sourceId}`;
}

/** Rows per statement: one statement for an article's comments, however long its threads, up to this. */
const commentsPerStatement = 1000;

async function insertComments(tx: Db, source: string, articleId: number, list: ImportedComment[], result: Pick<ArticleImportResult, 'commentsAdded' | 'commentsKnown'>): Promise<void> {
  const ids = new Set(list.map((c) => c.sourceId));
  // A reply's parent may have come in an earlier run, or an earlier batch (Disqus): its id is looked up too.
  const parents = list.flatMap((c) => (c.parentSourceId !== null && !ids.has(c.parentSourceId) ? [c.parentSourceId] : []));
  const known = await mappedIds(tx, source, 'comment', [...ids, ...new Set(parents)]);
  result.commentsKnown = [...ids].filter((id) => known.has(id)).length;
  const fresh = list.filter((comment) => !known.has(comment.sourceId));
  // Ids are taken before the rows go in, so that a reply names its parent in the same statement.
  // Parents come first in `list`; a reply to a comment later in the list stands alone, as a top-level comment.
  const newIds = await reserveIds(tx, 'comments', fresh.length);
  const rows = fresh.map((comment, i) => {
    const id = newIds[i]!;
    const parentId = comment.parentSourceId === null ? null : (known.get(comment.parentSourceId) ?? null);
    known.set(comment.sourceId, id);
    const email = normalizeEmail(comment.authorEmail);
    result.commentsAdded[comment.status]++;
    return {
      id,
      article_id: articleId,
      parent_id: parentId,
      author_name: comment.authorName,
      author_email: email,
      author_url: comment.authorUrl,
      avatar_key: avatarKeyOf(email),
      body: comment.body,
      status: comment.status,
      idempotency_key: importKey(source, comment.sourceId),
      ip: comment.ip,
      user_agent: comment.userAgent,
      approved_at: comment.status === 'approved' ? comment.createdAt : null,
      created_at: comment.createdAt,
    };
  });
  for (let i = 0; i < rows.length; i += commentsPerStatement) {
    const part = jsonRows(rows.slice(i, i + commentsPerStatement), commentColumns);
    await runStatement(
      tx,
      sql`insert into ${comments} (id, article_id, parent_id, author_name, author_email, author_url, avatar_key, body, status, idempotency_key, ip, user_agent, approved_at, created_at, updated_at)
        select id, article_id, parent_id, author_name, author_email, author_url, avatar_key, body, status, idempotency_key, ip, user_agent, approved_at, created_at, created_at from ${part} r order by id`,
    );
  }
  await remember(tx, source, 'comment', fresh.map((comment, i) => [comment.sourceId, newIds[i]!]));
}

const commentColumns = {
  id: 'integer',
  article_id: 'integer',
  parent_id: 'integer',
  author_name: 'text',
  author_email: 'text',
  author_url: 'text',
  avatar_key: 'text',
  body: 'text',
  status: 'text',
  idempotency_key: 'text',
  ip: 'text',
  user_agent: 'text',
  approved_at: 'time',
  created_at: 'time',
} as const satisfies Record<string, JsonColumnType>;

/**
 * Brings one article and its comments in, in one transaction: the article when it is new (its
 * section, tags and byline with it), then the comments not imported before, parents first. With
 * dryRun, the same work is done and then undone, and the result says what it would have done.
 */
export async function importArticle(input: ImportedArticle, { dryRun = false } = {}): Promise<ArticleImportResult> {
  try {
    return await write(async (tx) => {
      // On PostgreSQL the articles in flight would otherwise race for the same slug or new section.
      await serializeWrites(tx, 'import');
      const result: ArticleImportResult = {
        articleId: 0,
        slug: input.slug,
        created: false,
        authorMatched: false,
        sectionCreated: false,
        commentsAdded: { approved: 0, pending: 0, spam: 0, trash: 0 },
        commentsKnown: 0,
      };
      const existing = (await mappedIds(tx, input.source, 'post', [input.sourceId])).get(input.sourceId);
      const article = existing !== undefined ? await first(tx.select({ id: articles.id, slug: articles.slug }).from(articles).where(eq(articles.id, existing))) : undefined;
      if (article) {
        result.articleId = article.id;
        result.slug = article.slug;
      } else {
        const made = await insertArticle(tx, input, result);
        Object.assign(result, { articleId: made.id, slug: made.slug, created: true, ...(made.slugNote ? { slugNote: made.slugNote } : {}) });
      }
      await addAddresses(tx, [...input.addresses.map((path) => ({ path, target: `/articles/${result.slug}` })), ...input.otherAddresses]);
      await insertComments(tx, input.source, result.articleId, input.comments, result);
      if (dryRun) throw new DryRun(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result as ArticleImportResult;
    throw error;
  }
}

export type CommentsImportResult = { commentsAdded: Record<CommentStatus, number>; commentsKnown: number };

/**
 * Brings a batch of comments onto existing articles (a Disqus export), in one transaction: those not
 * imported before, each group's parents first. With dryRun, the same work is done and then undone.
 */
export async function importComments(source: string, groups: { articleId: number; comments: ImportedComment[] }[], { dryRun = false } = {}): Promise<CommentsImportResult> {
  try {
    return await write(async (tx) => {
      await serializeWrites(tx, 'import');
      const result: CommentsImportResult = { commentsAdded: { approved: 0, pending: 0, spam: 0, trash: 0 }, commentsKnown: 0 };
      for (const group of groups) {
        const part: CommentsImportResult = { commentsAdded: { approved: 0, pending: 0, spam: 0, trash: 0 }, commentsKnown: 0 };
        await insertComments(tx, source, group.articleId, group.comments, part);
        result.commentsKnown += part.commentsKnown;
        for (const status of Object.keys(part.commentsAdded) as CommentStatus[]) result.commentsAdded[status] += part.commentsAdded[status];
      }
      if (dryRun) throw new DryRun(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result as CommentsImportResult;
    throw error;
  }
}

async function articleWithSlug(slug: string): Promise<{ id: number; slug: string } | null> {
  const db = getDb();
  const row = await first(db.select({ id: articles.id, slug: articles.slug }).from(articles).where(eq(articles.slug, slug)).limit(1));
  if (row) return row;
  const moved = await first(
    db.select({ id: articles.id, slug: articles.slug }).from(articleRedirects).innerJoin(articles, eq(articles.id, articleRedirects.articleId)).where(eq(articleRedirects.oldSlug, slug)).limit(1),
  );
  return moved ?? null;
}

/**
 * The article an old page was, or null: each path is tried as a Margin article address
 * (/articles/slug, or a slug it had before), then as an old address in legacy_addresses (a WordPress
 * import's); then each slug as an article's.
 */
export async function findArticleAt(paths: readonly string[], slugs: readonly string[] = []): Promise<{ id: number; slug: string } | null> {
  const slugOf = (path: string) => /^\/articles\/([^/?#]+)\/?(?:[?#].*)?$/.exec(path)?.[1];
  for (const path of paths) {
    let slug = slugOf(path);
    if (!slug) {
      const target = await findLegacyAddress(path);
      slug = target ? slugOf(target) : undefined;
    }
    if (slug) {
      let decoded = slug;
      try {
        decoded = decodeURIComponent(slug);
      } catch {
        // keep it as it is
      }
      const found = await articleWithSlug(decoded);
      if (found) return found;
    }
  }
  for (const slug of slugs) {
    const found = await articleWithSlug(slug);
    if (found) return found;
  }
  return null;
}

/**
 * Where an old site's address now lives (a Margin path), or null: path and query as the request
 * carried them, with or without the trailing slash WordPress puts on its addresses.
 */
export async function findLegacyAddress(path: string): Promise<string | null> {
  const [bare, query = ''] = path.split(/(?=\?)/);
  const trimmed = bare!.replace(/\/+$/, '') || '/';
  const variants = [...new Set([path, `${trimmed}${query}`, `${trimmed === '/' ? '' : trimmed}/${query}`])];
  const rows = await getDb().select({ path: legacyAddresses.path, target: legacyAddresses.target }).from(legacyAddresses).where(inArray(legacyAddresses.path, variants));
  return (rows.find((row) => row.path === path) ?? rows[0])?.target ?? null;
}

/**
 * The Margin comment that an imported WordPress comment became, by its WordPress number on the
 * article that has (or had) `slug`, or null. Each imported comment carries its source and number in
 * its idempotency key (importKey); the article's own comments are searched, so the number, which
 * another WordPress site may have used too, is told apart by the article.
 */
export async function findWordpressComment(slug: string, commentNumber: string): Promise<number | null> {
  if (!/^\d{1,19}$/.test(commentNumber)) return null;
  const article = await articleWithSlug(slug);
  if (!article) return null;
  const rows = await getDb()
    .select({ id: comments.id, key: comments.idempotencyKey })
    .from(comments)
    .where(and(eq(comments.articleId, article.id), sql`${comments.idempotencyKey} like ${importKey('wordpress %', commentNumber)}`));
  // LIKE narrows, this decides: "import wordpress SITE NUMBER", the site's address having no space.
  const found = rows.find((row) => /^import wordpress \S+ (\d+)$/.exec(row.key ?? '')?.[1] === commentNumber);
  return found?.id ?? null;
}

/** How many rows an import source has brought in, by kind (for reports and tests). */
export async function countImported(source: string): Promise<Record<string, number>> {
  const rows = await getDb()
    .select({ kind: importedItems.kind, n: sql<number>`count(*)` })
    .from(importedItems)
    .where(eq(importedItems.source, source))
    .groupBy(importedItems.kind);
  return Object.fromEntries(rows.map((row) => [row.kind, Number(row.n)]));
}

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
  constructor(readonly result: ArticleImportResult[] | CommentsImportResult) {
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

/** Which of `slugs` an article has or had, in one statement. */
async function takenSlugs(tx: Db, slugs: readonly string[]): Promise<Set<string>> {
  if (!slugs.length) return new Set();
  const rows = await allRows<{ slug: string }>(
    tx,
    sql`select slug from ${articles} where ${isOneOf(sql`slug`, slugs)} union select old_slug from ${articleRedirects} where ${isOneOf(sql`old_slug`, slugs)}`,
  );
  return new Set(rows.map((row) => row.slug));
}

/** `wanted`, or wanted-2, -3…: `taken` holds the slugs known to be taken (in the database, or given in this batch), and gets the one chosen. */
async function freeSlug(tx: Db, wanted: string, taken: Set<string>): Promise<string> {
  let candidate = wanted;
  for (let n = 2; taken.has(candidate) || (candidate !== wanted && (await slugTaken(tx, candidate))); n++) candidate = `${wanted.slice(0, 75)}-${n}`;
  taken.add(candidate);
  return candidate;
}

type ImportedSection = NonNullable<ImportedArticle['section']>;

/** The sections of a batch's categories, by category: those imported before in one statement, a new one as it comes. */
async function sectionsFor(tx: Db, source: string, wanted: readonly ImportedSection[]): Promise<Map<string, { id: number; slug: string; created: boolean }>> {
  const found = new Map<string, { id: number; slug: string; created: boolean }>();
  if (!wanted.length) return found;
  const known = await tx
    .select({ sourceId: importedItems.sourceId, id: sections.id, slug: sections.slug })
    .from(importedItems)
    .innerJoin(sections, eq(sections.id, importedItems.targetId))
    .where(and(eq(importedItems.source, source), eq(importedItems.kind, 'category'), isOneOf(importedItems.sourceId, wanted.map((section) => section.sourceId))));
  for (const row of known) found.set(row.sourceId, { id: row.id, slug: row.slug, created: false });
  for (const section of wanted) {
    if (found.has(section.sourceId)) continue;
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
    found.set(section.sourceId, { ...row!, created: !existing });
  }
  return found;
}

/** The new articles of a batch, in file order (an earlier post keeps its slug), each with its section, tags and byline: a few statements for the batch. */
async function insertArticles(tx: Db, source: string, inputs: readonly ImportedArticle[], results: ArticleImportResult[]): Promise<void> {
  if (!inputs.length) return;
  const taken = await takenSlugs(tx, inputs.map((input) => input.slug));
  const emails = [...new Set(inputs.flatMap((input) => (input.author?.email ? [normalizeEmail(input.author.email)] : [])))];
  const accounts = new Map(
    emails.length
      ? (await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(isOneOf(users.email, emails))).map((account) => [account.email, account])
      : [],
  );
  const sectionsByCategory = await sectionsFor(tx, source, [...new Map(inputs.flatMap((input) => (input.section ? [[input.section.sourceId, input.section] as const] : []))).values()]);
  const made = [];
  for (const [i, input] of inputs.entries()) {
    const slug = await freeSlug(tx, input.slug, taken);
    const account = input.author?.email ? accounts.get(normalizeEmail(input.author.email)) : undefined;
    const section = input.section ? sectionsByCategory.get(input.section.sourceId)! : null;
    const result = results[i]!;
    result.slug = slug;
    result.created = true;
    result.authorMatched = Boolean(account);
    // The section counts as created for the first of the batch's articles in it.
    result.sectionCreated = Boolean(section?.created) && !made.some((other) => other.section === section);
    if (slug !== input.slug) result.slugNote = `the slug "${input.slug}" belongs to another article: imported as "${slug}"`;
    made.push({ input, slug, account, section });
  }
  const rows = await tx
    .insert(articles)
    .values(
      made.map(({ input, slug, account, section }) => {
        const published = input.status === 'published' || input.status === 'unpublished';
        const revised = input.modifiedAt !== null && input.modifiedAt > input.publishedAt + 60_000 ? input.modifiedAt : null;
        return {
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
        };
      }),
    )
    .returning({ id: articles.id, slug: articles.slug });
  const idOf = new Map(rows.map((row) => [row.slug, row.id]));
  made.forEach(({ slug }, i) => (results[i]!.articleId = idOf.get(slug)!));
  const bylines = made.flatMap(({ input, slug, account }) => {
    const name = account?.name ?? input.author?.name;
    return name ? [{ articleId: idOf.get(slug)!, position: 0, userId: account?.id ?? null, name, authorSlug: slugify(name) || 'author' }] : [];
  });
  if (bylines.length) await tx.insert(articleBylines).values(bylines);
  const tagged = made.flatMap(({ input, slug }) => input.tags.map((tag) => ({ article_id: idOf.get(slug)!, slug: tag.slug, name: tag.name })));
  if (tagged.length) {
    const newTags = [...new Map(tagged.map((tag) => [tag.slug, tag.name]))].map(([slug, name]) => ({ slug, name, createdAt: new Date() }));
    await tx.insert(tags).values(newTags).onConflictDoNothing({ target: tags.slug });
    const pairs = jsonRows(tagged, { article_id: 'integer', slug: 'text' });
    await runStatement(tx, sql`insert into ${articleTags} (article_id, tag_id) select r.article_id, t.id from ${pairs} r join ${tags} t on t.slug = r.slug where true on conflict do nothing`);
  }
  await remember(tx, source, 'post', made.map(({ input, slug }) => [input.sourceId, idOf.get(slug)!]));
}

/** The comment's idempotency key: one per imported comment, so the database itself refuses a second copy. */
function importKey(source: string, sourceId: string): string {
  return `import ${source} ${sourceId}`;
}

/** Rows per statement: one statement for a batch's comments, however long their threads, up to this. */
const commentsPerStatement = 1000;

type CommentCounts = { commentsAdded: Record<CommentStatus, number>; commentsKnown: number };

/**
 * The comments of several articles not imported before, in a few statements: one lookup of those
 * known, ids reserved, the rows, their imported_items. Each group's parents come first; a reply to
 * a comment later in its group stands alone, as a top-level comment.
 */
async function insertComments(tx: Db, source: string, groups: readonly { articleId: number; comments: readonly ImportedComment[] }[]): Promise<CommentCounts[]> {
  const wanted = new Set<string>();
  for (const group of groups) {
    for (const comment of group.comments) {
      wanted.add(comment.sourceId);
      // A reply's parent may have come in an earlier run, or an earlier batch (Disqus): its id is looked up too.
      if (comment.parentSourceId !== null) wanted.add(comment.parentSourceId);
    }
  }
  const before = await mappedIds(tx, source, 'comment', [...wanted]);
  const counts = groups.map((group) => ({ commentsAdded: { approved: 0, pending: 0, spam: 0, trash: 0 }, commentsKnown: new Set(group.comments.filter((c) => before.has(c.sourceId)).map((c) => c.sourceId)).size }));
  const fresh = groups.flatMap((group, g) => group.comments.filter((comment) => !before.has(comment.sourceId)).map((comment) => ({ comment, g })));
  // Ids are taken before the rows go in, so that a reply names its parent in the same statement.
  const newIds = await reserveIds(tx, 'comments', fresh.length);
  const inGroup = groups.map(() => new Map<string, number>());
  const rows = fresh.map(({ comment, g }, i) => {
    const id = newIds[i]!;
    const parentId = comment.parentSourceId === null ? null : (inGroup[g]!.get(comment.parentSourceId) ?? before.get(comment.parentSourceId) ?? null);
    inGroup[g]!.set(comment.sourceId, id);
    const email = normalizeEmail(comment.authorEmail);
    counts[g]!.commentsAdded[comment.status]++;
    return {
      id,
      article_id: groups[g]!.articleId,
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
  await remember(tx, source, 'comment', fresh.map(({ comment }, i) => [comment.sourceId, newIds[i]!]));
  return counts;
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
 * Brings a batch of articles (in file order) and their comments in, in one transaction: each
 * article when it is new (its section, tags and byline with it), then the comments not imported
 * before, parents first; a few statements for the whole batch. With dryRun, the same work is done
 * and then undone, and the results say what it would have done.
 */
export async function importArticles(inputs: readonly ImportedArticle[], { dryRun = false } = {}): Promise<ArticleImportResult[]> {
  if (!inputs.length) return [];
  const source = inputs[0]!.source;
  try {
    return await write(async (tx) => {
      // Two imports at once on PostgreSQL would otherwise race for the same slug or new section.
      await serializeWrites(tx, 'import');
      const results: ArticleImportResult[] = inputs.map((input) => ({
        articleId: 0,
        slug: input.slug,
        created: false,
        authorMatched: false,
        sectionCreated: false,
        commentsAdded: { approved: 0, pending: 0, spam: 0, trash: 0 },
        commentsKnown: 0,
      }));
      const existing = new Map(
        (
          await tx
            .select({ sourceId: importedItems.sourceId, id: articles.id, slug: articles.slug })
            .from(importedItems)
            .innerJoin(articles, eq(articles.id, importedItems.targetId))
            .where(and(eq(importedItems.source, source), eq(importedItems.kind, 'post'), isOneOf(importedItems.sourceId, inputs.map((input) => input.sourceId))))
        ).map((row) => [row.sourceId, row]),
      );
      const fresh: number[] = [];
      inputs.forEach((input, i) => {
        const article = existing.get(input.sourceId);
        if (article) Object.assign(results[i]!, { articleId: article.id, slug: article.slug });
        else fresh.push(i);
      });
      const freshResults = fresh.map((i) => results[i]!);
      await insertArticles(tx, source, fresh.map((i) => inputs[i]!), freshResults);
      await addAddresses(tx, inputs.flatMap((input, i) => [...input.addresses.map((path) => ({ path, target: `/articles/${results[i]!.slug}` })), ...input.otherAddresses]));
      const counts = await insertComments(tx, source, inputs.map((input, i) => ({ articleId: results[i]!.articleId, comments: input.comments })));
      counts.forEach((count, i) => Object.assign(results[i]!, count));
      if (dryRun) throw new DryRun(results);
      return results;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result as ArticleImportResult[];
    throw error;
  }
}

export type CommentsImportResult = CommentCounts;

/**
 * Brings a batch of comments onto existing articles (a Disqus export), in one transaction: those not
 * imported before, each group's parents first. With dryRun, the same work is done and then undone.
 */
export async function importComments(source: string, groups: { articleId: number; comments: ImportedComment[] }[], { dryRun = false } = {}): Promise<CommentsImportResult> {
  try {
    return await write(async (tx) => {
      await serializeWrites(tx, 'import');
      const result: CommentsImportResult = { commentsAdded: { approved: 0, pending: 0, spam: 0, trash: 0 }, commentsKnown: 0 };
      for (const part of await insertComments(tx, source, groups)) {
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

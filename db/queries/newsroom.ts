import 'server-only';
import { and, asc, count, desc, eq, gt, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { asNumber, characterOf, containsText, serializeWrites, storedTime } from '@/db/dialect';
import type { Db } from '@/db/handle';
import { write } from '@/db/writer';
import { bylineText } from './articles';
import {
  articleAutosaves,
  articleBylines,
  articleEditors,
  articleRedirects,
  articleRevisions,
  articles,
  articleTags,
  images,
  sections,
  tags,
  users,
} from '@/db/schema';
import { assertAllowed, can, NotAllowedError, type Staff } from '@/lib/accounts';
import {
  articleState,
  canEditArticle,
  canViewArticle,
  slugify,
  type ArticleState,
  type ArticleStatus,
  type RevisionAction,
} from '@/lib/articles';
import { plainTextOf, type ArticleBlock } from '@/lib/article-body';
import type { ArticleField, ArticleFormValues, ArticleInput } from '@/lib/article-schemas';
import type { FieldErrors } from '@/lib/schemas';
import { markdownToBlocks } from '@/lib/markdown';

// The newsroom: staff write, edit, schedule and publish articles here. Every function takes the
// signed-in Staff and checks the role (and, for contributors, that the article is theirs) itself.
// Holds no reader data; staff names only.

type Tx = Db;

export const newsroomPageSize = 20;

/** An article's fields as an editor sees them, and as every revision records them. */
export type ArticleSnapshot = {
  headline: string;
  standfirst: string;
  slug: string;
  byline: string[];
  sectionId: number | null;
  tags: string[];
  bodySource: string;
  imageId: number | null;
  imageAlt: string;
  imageCaption: string;
  imageCredit: string;
  commentsOpen: boolean;
  correction: string;
  status: ArticleStatus;
  publishedAt: string;
};

export type NewsroomArticle = {
  id: number;
  slug: string;
  headline: string;
  state: ArticleState;
  byline: string;
  section: string | null;
  publishedAt: string;
  updatedAt: string;
  version: number;
};

export type NewsroomList = {
  articles: NewsroomArticle[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<ArticleState | 'all', number>;
};

function stateCondition(state: ArticleState, now: number): SQL {
  switch (state) {
    case 'scheduled':
      return and(eq(articles.status, 'published'), gt(articles.publishedAt, new Date(now)))!;
    case 'published':
      return and(eq(articles.status, 'published'), lte(articles.publishedAt, new Date(now)))!;
    default:
      return eq(articles.status, state);
  }
}

/** The no-break space, which the headline check counts as a space. */
const nbsp = characterOf(160);

/** Drafts, in review, scheduled, published and unpublished: all for editors, their own for contributors. */
export async function listNewsroomArticles(
  staff: Staff,
  { state, query, page = 1 }: { state?: ArticleState; query?: string; page?: number },
): Promise<NewsroomList> {
  assertAllowed(staff, 'write');
  const db = getDb();
  const now = Date.now();
  const mine = can(staff.role, 'edit') ? undefined : eq(articles.createdBy, staff.id);
  const search = query ? containsText(articles.headline, query) : undefined;
  const where = and(mine, search, state ? stateCondition(state, now) : undefined);

  const byState = await db
    .select({
      status: articles.status,
      future: asNumber(sql`${articles.publishedAt} > ${storedTime(now)}`),
      n: count(),
    })
    .from(articles)
    .where(and(mine, search))
    .groupBy(articles.status, sql`2`);
  const counts: NewsroomList['counts'] = { all: 0, draft: 0, review: 0, scheduled: 0, published: 0, unpublished: 0 };
  for (const row of byState) {
    const key = row.status === 'published' ? (row.future ? 'scheduled' : 'published') : row.status;
    counts[key] += row.n;
    counts.all += row.n;
  }
  const total = state ? counts[state] : counts.all;
  const current = Math.max(1, Math.min(page, Math.ceil(total / newsroomPageSize) || 1));

  const rows = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      headline: articles.headline,
      status: articles.status,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      version: articles.version,
      section: sections.name,
      byline: bylineText(', '),
    })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(where)
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .limit(newsroomPageSize)
    .offset((current - 1) * newsroomPageSize);

  return {
    articles: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      headline: row.headline,
      state: articleState(row.status, row.publishedAt, now),
      byline: row.byline ?? '',
      section: row.section,
      publishedAt: row.publishedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
    })),
    total,
    page: current,
    pageSize: newsroomPageSize,
    counts,
  };
}

export type EditableArticle = ArticleSnapshot & {
  id: number;
  state: ArticleState;
  version: number;
  firstPublishedAt: string | null;
  revisedAt: string | null;
  updatedAt: string;
  createdBy: number | null;
  /** This member of staff may change it (contributors: their own drafts and articles in review). */
  editable: boolean;
  /** Readers have seen it: a new slug leaves a redirect from the old address. */
  publishedBefore: boolean;
};

function accessRow(tx: Pick<Tx, 'select'>, id: number) {
  return first(
    tx
      .select({ createdBy: articles.createdBy, status: articles.status, version: articles.version, slug: articles.slug })
      .from(articles)
      .where(eq(articles.id, id)),
  );
}

async function snapshotOf(
  tx: Pick<Tx, 'select'>,
  id: number,
): Promise<(ArticleSnapshot & Omit<EditableArticle, keyof ArticleSnapshot | 'state' | 'editable' | 'publishedBefore'>) | null> {
  const row = await first(tx.select().from(articles).where(eq(articles.id, id)));
  if (!row) return null;
  const byline = (
    await tx
      .select({ name: articleBylines.name })
      .from(articleBylines)
      .where(eq(articleBylines.articleId, id))
      .orderBy(asc(articleBylines.position))
  ).map((b) => b.name);
  const tagNames = (
    await tx
      .select({ name: tags.name })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(articleTags.articleId, id))
      .orderBy(asc(tags.name))
  ).map((t) => t.name);
  return {
    id: row.id,
    headline: row.headline,
    standfirst: row.standfirst,
    slug: row.slug,
    byline: byline.length ? byline : row.author ? [row.author] : [],
    sectionId: row.sectionId,
    tags: tagNames,
    // The launch article was captured as text, not Markdown: its blocks' text is its source.
    bodySource: row.bodySource ?? blocksToMarkdown(JSON.parse(row.body) as ArticleBlock[]),
    imageId: row.leadImageId,
    imageAlt: row.leadImageAlt ?? '',
    imageCaption: row.leadImageCaption ?? '',
    imageCredit: row.leadImageCredit ?? '',
    commentsOpen: row.commentsOpen,
    correction: row.correction ?? '',
    status: row.status,
    publishedAt: row.publishedAt.toISOString(),
    version: row.version,
    firstPublishedAt: row.firstPublishedAt?.toISOString() ?? null,
    revisedAt: row.revisedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/** Plain blocks (the captured launch article) as Markdown an editor can change. */
function blocksToMarkdown(blocks: ArticleBlock[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `${block.level === 3 ? '###' : '##'} ${block.text}`;
        case 'dateline':
          return `${block.place} – ${block.text}`;
        case 'list':
          return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${item.map((inline) => inline.text).join('')}`).join('\n');
        case 'quote':
          return block.text
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n');
        case 'image':
          return `![${block.alt}](image:${block.imageId}${block.caption ? ` "${block.caption}"` : ''})`;
        case 'embed':
          return block.url;
        default:
          return block.text;
      }
    })
    .join('\n\n');
}

/** The article for its edit page; null when it does not exist or this member of staff may not see it. */
export async function getArticleForEditing(staff: Staff, id: number): Promise<EditableArticle | null> {
  assertAllowed(staff, 'write');
  const snapshot = await snapshotOf(getDb(), id);
  if (!snapshot || !canViewArticle(staff, snapshot)) return null;
  return {
    ...snapshot,
    state: articleState(snapshot.status, snapshot.publishedAt),
    editable: canEditArticle(staff, snapshot),
    publishedBefore: snapshot.firstPublishedAt !== null && Date.parse(snapshot.firstPublishedAt) <= Date.now(),
  };
}

export type ArticlePreview = {
  id: number;
  slug: string;
  headline: string;
  standfirst: string;
  blocks: ArticleBlock[];
  byline: string[];
  state: ArticleState;
  publishedAt: string;
  revisedAt: string | null;
  correction: string | null;
  lead: { imageId: number; alt: string; caption: string | null; credit: string | null } | null;
};

/** A draft (or any state) as readers would see it, for the private preview address. */
export async function getArticlePreview(staff: Staff, id: number): Promise<ArticlePreview | null> {
  assertAllowed(staff, 'write');
  const db = getDb();
  const row = (await db.select().from(articles).where(eq(articles.id, id)))[0];
  if (!row || !canViewArticle(staff, row)) return null;
  const byline = await db
    .select({ name: articleBylines.name })
    .from(articleBylines)
    .where(eq(articleBylines.articleId, id))
    .orderBy(asc(articleBylines.position));
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    blocks: JSON.parse(row.body) as ArticleBlock[],
    byline: byline.map((b) => b.name),
    state: articleState(row.status, row.publishedAt),
    publishedAt: row.publishedAt.toISOString(),
    revisedAt: row.revisedAt?.toISOString() ?? null,
    correction: row.correction,
    lead:
      row.leadImageId === null
        ? null
        : { imageId: row.leadImageId, alt: row.leadImageAlt ?? '', caption: row.leadImageCaption, credit: row.leadImageCredit },
  };
}

export type SaveArticleInput = Omit<ArticleInput, 'publishAt' | 'body'> & {
  /** The Markdown typed; the blocks readers see are made from it here. */
  bodySource: string;
  /** The time to publish, already read in the site's zone; only for intent 'schedule'. */
  publishAt: Date | null;
};

export type SaveResult =
  | {
      ok: true;
      id: number;
      version: number;
      slug: string;
      state: ArticleState;
      /** Public addresses whose pages changed: empty their caches. */
      changedSlugs: string[];
      /** Said when a schedule in the past published the article at once. */
      note?: string;
    }
  | { ok: false; reason: 'stale'; version: number }
  | { ok: false; reason: 'fields'; fieldErrors: FieldErrors<ArticleField> }
  | { ok: false; reason: 'not-found' };

function isLive(status: ArticleStatus, publishedAt: Date, now: number): boolean {
  return status === 'published' && publishedAt.getTime() <= now;
}

/** What each intent needs beyond being allowed to change the article, and which status it leads to. */
function nextStatus(staff: Staff, intent: ArticleInput['intent'], current: ArticleStatus | null): ArticleStatus {
  const publishing = ['return', 'publish', 'schedule', 'unpublish'] as const;
  if ((publishing as readonly string[]).includes(intent)) assertAllowed(staff, 'publish');
  switch (intent) {
    case 'submit':
      return 'review';
    case 'return':
      return 'draft';
    case 'publish':
    case 'schedule':
      return 'published';
    case 'unpublish':
      return 'unpublished';
    default:
      return current ?? 'draft';
  }
}

async function checkFields(tx: Tx, id: number | null, input: SaveArticleInput): Promise<FieldErrors<ArticleField>> {
  // On PostgreSQL saves run side by side: two that claim one slug or headline wait for each other
  // until the first commits, so the second's check sees the first's article.
  await serializeWrites(tx, `article-slug:${input.slug}`, `article-headline:${input.headline.replaceAll('\u00a0', ' ').toLowerCase()}`);
  const errors: FieldErrors<ArticleField> = {};
  const others = id === null ? undefined : ne(articles.id, id);
  const slugTaken =
    (await first(tx.select({ id: articles.id }).from(articles).where(and(eq(articles.slug, input.slug), others)))) ??
    (await first(
      tx
        .select({ id: articleRedirects.articleId })
        .from(articleRedirects)
        .where(and(eq(articleRedirects.oldSlug, input.slug), id === null ? undefined : ne(articleRedirects.articleId, id))),
    ));
  if (slugTaken) errors.slug = ['Another article has this address: change the slug.'];
  const headlineTaken = await first(
    tx
      .select({ id: articles.id })
      .from(articles)
      // Case and no-break spaces aside (the launch article has one after "PM,").
      .where(and(sql`lower(replace(${articles.headline}, ${nbsp}, ' ')) = lower(replace(${input.headline}, ${nbsp}, ' '))`, others)),
  );
  if (headlineTaken) errors.headline = ['Another article already has this headline: make it distinct.'];
  if (input.sectionId !== null && !(await first(tx.select({ id: sections.id }).from(sections).where(eq(sections.id, input.sectionId))))) {
    errors.sectionId = ['That section no longer exists: choose another.'];
  }
  if (input.imageId !== null && !(await first(tx.select({ id: images.id }).from(images).where(eq(images.id, input.imageId))))) {
    errors.imageId = [`There is no image number ${input.imageId}: upload it first, or check the number.`];
  }
  return errors;
}

async function writeBylines(tx: Tx, articleId: number, names: string[]): Promise<void> {
  await tx.delete(articleBylines).where(eq(articleBylines.articleId, articleId));
  if (!names.length) return;
  const accounts = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(sql`lower(${users.name})`, names.map((name) => name.toLowerCase())));
  await tx.insert(articleBylines)
    .values(
      names.map((name, position) => ({
        articleId,
        position,
        name,
        userId: accounts.find((account) => account.name.toLowerCase() === name.toLowerCase())?.id ?? null,
        authorSlug: slugify(name) || `author-${position + 1}`,
      })),
    );
}

function tagSlug(name: string): string {
  return slugify(name) || `tag-${Buffer.from(name).toString('hex').slice(0, 24)}`;
}

async function writeTags(tx: Tx, articleId: number, names: string[]): Promise<void> {
  await tx.delete(articleTags).where(eq(articleTags.articleId, articleId));
  if (!names.length) return;
  const bySlug = new Map(names.map((name) => [tagSlug(name), name]));
  await tx.insert(tags)
    .values([...bySlug].map(([slug, name]) => ({ slug, name })))
    .onConflictDoNothing({ target: tags.slug });
  const ids = await tx.select({ id: tags.id }).from(tags).where(inArray(tags.slug, [...bySlug.keys()]));
  await tx.insert(articleTags)
    .values(ids.map((tag) => ({ articleId, tagId: tag.id })));
}

async function recordRevision(tx: Tx, staff: Staff, articleId: number, version: number, action: RevisionAction): Promise<void> {
  const snapshot = (await snapshotOf(tx, articleId))!;
  const fields: ArticleSnapshot = {
    headline: snapshot.headline,
    standfirst: snapshot.standfirst,
    slug: snapshot.slug,
    byline: snapshot.byline,
    sectionId: snapshot.sectionId,
    tags: snapshot.tags,
    bodySource: snapshot.bodySource,
    imageId: snapshot.imageId,
    imageAlt: snapshot.imageAlt,
    imageCaption: snapshot.imageCaption,
    imageCredit: snapshot.imageCredit,
    commentsOpen: snapshot.commentsOpen,
    correction: snapshot.correction,
    status: snapshot.status,
    publishedAt: snapshot.publishedAt,
  };
  await tx.insert(articleRevisions)
    .values({ articleId, version, userId: staff.id, action, snapshot: JSON.stringify(fields), createdAt: new Date() });
}

const actionOf: Record<ArticleInput['intent'], RevisionAction> = {
  save: 'saved',
  submit: 'submitted',
  return: 'returned',
  publish: 'published',
  schedule: 'scheduled',
  update: 'updated',
  unpublish: 'unpublished',
};

/**
 * Creates (articleId null) or saves an article, compare-and-set: the save names the version it
 * started from and is refused, changing nothing, when someone saved since. Every save records a
 * revision. Throws NotAllowedError when the role (or, for a contributor, the article) forbids it.
 */
export async function saveArticle(
  staff: Staff,
  articleId: number | null,
  baseVersion: number | null,
  input: SaveArticleInput,
  restoredFrom?: RevisionAction,
): Promise<SaveResult> {
  assertAllowed(staff, 'write');
  const now = Date.now();
  const blocks = markdownToBlocks(input.bodySource);
  return write(async (tx): Promise<SaveResult> => {
    const before = articleId === null ? null : await first(tx.select().from(articles).where(eq(articles.id, articleId)));
    if (articleId !== null && !before) return { ok: false, reason: 'not-found' };
    if (before && !canEditArticle(staff, before)) throw new NotAllowedError('edit');
    const status = nextStatus(staff, input.intent, before?.status ?? null);
    if (before && baseVersion !== before.version) return { ok: false, reason: 'stale', version: before.version };

    const fieldErrors = await checkFields(tx, articleId, input);
    if (Object.keys(fieldErrors).length) return { ok: false, reason: 'fields', fieldErrors };

    let note: string | undefined;
    let publishedAt = before?.publishedAt ?? new Date(now);
    let firstPublishedAt = before?.firstPublishedAt ?? null;
    const wasLive = before ? isLive(before.status, before.publishedAt, now) : false;
    const everLive = firstPublishedAt !== null && firstPublishedAt.getTime() <= now;
    if (input.intent === 'publish') {
      // A first publication (or a scheduled one brought forward) is now; a re-publication keeps its date.
      if (!everLive || publishedAt.getTime() > now) publishedAt = new Date(now);
    } else if (input.intent === 'schedule') {
      const at = input.publishAt;
      if (!at || at.getTime() <= now) {
        publishedAt = new Date(now);
        note = 'That time has passed, so the article was published now.';
      } else {
        publishedAt = at;
      }
    }
    if (status === 'published' && (!firstPublishedAt || !everLive)) firstPublishedAt = publishedAt;

    const textChanged =
      !!before &&
      (before.headline !== input.headline ||
        before.standfirst !== input.standfirst ||
        (before.bodySource ?? '') !== input.bodySource ||
        (before.correction ?? '') !== input.correction);
    const revisedAt = wasLive && status === 'published' && textChanged ? new Date(now) : (before?.revisedAt ?? null);

    const values = {
      slug: input.slug,
      headline: input.headline,
      standfirst: input.standfirst,
      bodySource: input.bodySource,
      body: JSON.stringify(blocks),
      bodyText: plainTextOf(blocks),
      sectionId: input.sectionId,
      leadImageId: input.imageId,
      leadImageAlt: input.imageId === null ? null : input.imageAlt,
      leadImageCaption: input.imageId === null ? null : input.imageCaption || null,
      leadImageCredit: input.imageId === null ? null : input.imageCredit || null,
      commentsOpen: input.commentsOpen,
      correction: input.correction || null,
      status,
      publishedAt,
      firstPublishedAt,
      revisedAt,
      updatedAt: new Date(now),
    };

    let id: number;
    let version: number;
    if (!before) {
      const created = await first(
        tx
          .insert(articles)
          .values({ ...values, createdBy: staff.id, createdAt: new Date(now), version: 1 })
          .returning({ id: articles.id }),
      );
      id = created!.id;
      version = 1;
    } else {
      const updated = await first(
        tx
          .update(articles)
          .set({ ...values, version: sql`${articles.version} + 1` })
          .where(and(eq(articles.id, before.id), eq(articles.version, before.version)))
          .returning({ version: articles.version }),
      );
      if (!updated) return { ok: false, reason: 'stale', version: before.version };
      id = before.id;
      version = updated.version;
      if (before.slug !== input.slug) {
        // The new address may be one this article had before: it is its own again.
        await tx.delete(articleRedirects).where(eq(articleRedirects.oldSlug, input.slug));
        if (everLive) {
          await tx.insert(articleRedirects)
            .values({ oldSlug: before.slug, articleId: id, createdAt: new Date(now) })
            .onConflictDoUpdate({ target: articleRedirects.oldSlug, set: { articleId: id } });
        }
      }
    }
    await writeBylines(tx, id, input.byline);
    await writeTags(tx, id, input.tags);
    await recordRevision(tx, staff, id, version, restoredFrom ?? (before ? actionOf[input.intent] : 'created'));
    await tx.delete(articleAutosaves).where(and(eq(articleAutosaves.articleId, id), eq(articleAutosaves.userId, staff.id)));

    const changedSlugs = new Set<string>();
    const liveNow = isLive(status, publishedAt, now);
    if (wasLive || liveNow || before?.status === 'published') {
      changedSlugs.add(input.slug);
      if (before) changedSlugs.add(before.slug);
      // Its old addresses redirect here only while it is public.
      if (wasLive !== liveNow) {
        for (const redirect of await tx.select({ slug: articleRedirects.oldSlug }).from(articleRedirects).where(eq(articleRedirects.articleId, id))) {
          changedSlugs.add(redirect.slug);
        }
      }
    }
    return { ok: true, id, version, slug: input.slug, state: articleState(status, publishedAt, now), changedSlugs: [...changedSlugs], note };
  });
}

export type Autosave = { values: ArticleFormValues; baseVersion: number; savedAt: string };

/** Unsaved work while an editor types: one per article and person, replaced each time. */
export async function autosaveArticle(staff: Staff, articleId: number, baseVersion: number, values: ArticleFormValues): Promise<{ savedAt: string } | null> {
  assertAllowed(staff, 'write');
  const db = getDb();
  const row = await accessRow(db, articleId);
  if (!row) return null;
  if (!canEditArticle(staff, row)) throw new NotAllowedError('edit');
  const savedAt = new Date();
  await write((tx) =>
    tx
      .insert(articleAutosaves)
      .values({ articleId, userId: staff.id, baseVersion, snapshot: JSON.stringify(values), savedAt })
      .onConflictDoUpdate({
        target: [articleAutosaves.articleId, articleAutosaves.userId],
        set: { baseVersion, snapshot: JSON.stringify(values), savedAt },
      }),
  );
  return { savedAt: savedAt.toISOString() };
}

/** This person's autosave of the article, when it is newer than the article's last save. */
export async function getNewerAutosave(staff: Staff, articleId: number): Promise<Autosave | null> {
  assertAllowed(staff, 'write');
  const db = getDb();
  const row = (
    await db
      .select({ snapshot: articleAutosaves.snapshot, baseVersion: articleAutosaves.baseVersion, savedAt: articleAutosaves.savedAt, updatedAt: articles.updatedAt, createdBy: articles.createdBy, status: articles.status })
      .from(articleAutosaves)
      .innerJoin(articles, eq(articles.id, articleAutosaves.articleId))
      .where(and(eq(articleAutosaves.articleId, articleId), eq(articleAutosaves.userId, staff.id)))
  )[0];
  if (!row || !canEditArticle(staff, row) || row.savedAt <= row.updatedAt) return null;
  return { values: JSON.parse(row.snapshot) as ArticleFormValues, baseVersion: row.baseVersion, savedAt: row.savedAt.toISOString() };
}

export async function discardAutosave(staff: Staff, articleId: number): Promise<void> {
  assertAllowed(staff, 'write');
  await write((tx) =>
    tx.delete(articleAutosaves).where(and(eq(articleAutosaves.articleId, articleId), eq(articleAutosaves.userId, staff.id))),
  );
}

/** How long after an editor's last sign of life they still count as editing. */
export const presenceWindowMs = 40_000;

/** Says this person has the article open; returns the others who do. */
export async function markEditing(staff: Staff, articleId: number): Promise<{ name: string; seenAt: string }[]> {
  assertAllowed(staff, 'write');
  const db = getDb();
  const row = await accessRow(db, articleId);
  if (!row) return [];
  if (!canViewArticle(staff, row)) throw new NotAllowedError('edit');
  const now = new Date();
  await write((tx) =>
    tx
      .insert(articleEditors)
      .values({ articleId, userId: staff.id, seenAt: now })
      .onConflictDoUpdate({ target: [articleEditors.articleId, articleEditors.userId], set: { seenAt: now } }),
  );
  const others = await db
    .select({ name: users.name, seenAt: articleEditors.seenAt })
    .from(articleEditors)
    .innerJoin(users, eq(users.id, articleEditors.userId))
    .where(
      and(
        eq(articleEditors.articleId, articleId),
        ne(articleEditors.userId, staff.id),
        gt(articleEditors.seenAt, new Date(now.getTime() - presenceWindowMs)),
      ),
    )
    .orderBy(asc(users.name));
  return others.map((other) => ({ name: other.name, seenAt: other.seenAt.toISOString() }));
}

/** The editor was closed: no longer editing. */
export async function stopEditing(staff: Staff, articleId: number): Promise<void> {
  assertAllowed(staff, 'write');
  await write((tx) =>
    tx.delete(articleEditors).where(and(eq(articleEditors.articleId, articleId), eq(articleEditors.userId, staff.id))),
  );
}

export type RevisionSummary = { id: number; version: number; action: string; by: string | null; createdAt: string };
export type Revision = RevisionSummary & { snapshot: ArticleSnapshot };

export async function listRevisions(staff: Staff, articleId: number): Promise<RevisionSummary[] | null> {
  assertAllowed(staff, 'write');
  const db = getDb();
  const row = await accessRow(db, articleId);
  if (!row || !canViewArticle(staff, row)) return null;
  const rows = await db
    .select({ id: articleRevisions.id, version: articleRevisions.version, action: articleRevisions.action, by: users.name, createdAt: articleRevisions.createdAt })
    .from(articleRevisions)
    .leftJoin(users, eq(users.id, articleRevisions.userId))
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(desc(articleRevisions.id));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function getRevisions(staff: Staff, articleId: number, revisionIds: number[]): Promise<Revision[]> {
  assertAllowed(staff, 'write');
  const db = getDb();
  const row = await accessRow(db, articleId);
  if (!row || !canViewArticle(staff, row) || !revisionIds.length) return [];
  const rows = await db
    .select({
      id: articleRevisions.id,
      version: articleRevisions.version,
      action: articleRevisions.action,
      by: users.name,
      createdAt: articleRevisions.createdAt,
      snapshot: articleRevisions.snapshot,
    })
    .from(articleRevisions)
    .leftJoin(users, eq(users.id, articleRevisions.userId))
    .where(and(eq(articleRevisions.articleId, articleId), inArray(articleRevisions.id, revisionIds)));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), snapshot: JSON.parse(r.snapshot) as ArticleSnapshot }));
}

/**
 * Brings back a revision's words, byline, section, tags and image as a new version; the article's
 * status and publication time stay as they are. Compare-and-set like every save.
 */
export async function restoreRevision(staff: Staff, articleId: number, revisionId: number, baseVersion: number): Promise<SaveResult> {
  assertAllowed(staff, 'write');
  const [revision] = await getRevisions(staff, articleId, [revisionId]);
  const current = await snapshotOf(getDb(), articleId);
  if (!revision || !current) return { ok: false, reason: 'not-found' };
  const s = revision.snapshot;
  return saveArticle(
    staff,
    articleId,
    baseVersion,
    {
      headline: s.headline,
      standfirst: s.standfirst,
      // A published article keeps its address: restoring words must not move readers' links.
      slug: current.firstPublishedAt ? current.slug : s.slug,
      byline: s.byline,
      sectionId: s.sectionId,
      tags: s.tags,
      bodySource: s.bodySource,
      imageId: s.imageId,
      imageAlt: s.imageAlt,
      imageCaption: s.imageCaption,
      imageCredit: s.imageCredit,
      commentsOpen: s.commentsOpen,
      correction: current.correction,
      intent: 'save',
      publishAt: null,
    },
    'restored',
  );
}

export type Section = { id: number; slug: string; name: string; description: string | null };

export async function listSections(staff: Staff): Promise<Section[]> {
  assertAllowed(staff, 'write');
  return getDb()
    .select({ id: sections.id, slug: sections.slug, name: sections.name, description: sections.description })
    .from(sections)
    .orderBy(asc(sections.position), asc(sections.name));
}

export async function createSection(
  staff: Staff,
  input: { name: string; description: string },
): Promise<{ ok: true; id: number } | { ok: false; fieldErrors: FieldErrors<'name' | 'description'> }> {
  assertAllowed(staff, 'edit');
  const slug = slugify(input.name);
  if (!slug) return { ok: false, fieldErrors: { name: ['The name needs at least one letter or digit from a to z or 0 to 9.'] } };
  return write(async (tx) => {
    // Section changes are rare: one at a time on PostgreSQL too, for the name check and the position.
    await serializeWrites(tx, 'sections');
    const taken = await first(
      tx
        .select({ id: sections.id })
        .from(sections)
        .where(or(eq(sections.slug, slug), sql`lower(${sections.name}) = lower(${input.name})`)),
    );
    if (taken) return { ok: false, fieldErrors: { name: ['A section with this name exists already.'] } };
    const position = (await first(tx.select({ n: sql<number>`coalesce(max(${sections.position}), 0) + 1` }).from(sections)))?.n ?? 1;
    const created = (await first(
      tx.insert(sections).values({ slug, name: input.name, description: input.description || null, position }).returning({ id: sections.id }),
    ))!;
    return { ok: true, id: created.id };
  });
}

/** Staff who write, for the byline field's suggestions: names only. */
export async function listBylineNames(staff: Staff): Promise<string[]> {
  assertAllowed(staff, 'write');
  const rows = await getDb()
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.disabled, false), inArray(users.role, ['admin', 'editor', 'contributor'])))
    .orderBy(asc(users.name));
  return rows.map((row) => row.name);
}

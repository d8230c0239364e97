import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { addTestArticle, addTestComment, openTemporaryDatabase } from '@/db/test-database';
import type { ArticleStatus } from '@/lib/articles';

// The one rule of a public article (published, and its time has come), checked on every list a
// reader sees: a draft, an article in review, a scheduled one and an unpublished one are on none of
// them; each is on all of them once it is published and its time has come.

await openTemporaryDatabase('public-article');

const { getDb } = await import('@/db/index');
const { articleBylines, articles, articleTags, sections, tags } = await import('@/db/schema');
const { getFrontPage, getListing, listLatestStories } = await import('@/db/queries/stories');
const { searchArticles } = await import('@/db/queries/search');
const { getSitemapContents, listRecentNews } = await import('@/db/queries/sitemap');
const { getCommentFeed } = await import('@/db/queries/comment-feed');
const { getArticleSharing } = await import('@/db/queries/article-sharing');
const { nextPublicationAfter, publishedBetween } = await import('@/db/queries/publication-schedule');

const now = Date.parse('2031-03-01T12:00:00Z');
const hour = 3_600_000;

let sectionId = 0;
let tagId = 0;

async function addArticle(slug: string, status: ArticleStatus, publishedAt: number): Promise<number> {
  const id = await addTestArticle({
    slug,
    headline: `Zanzibar ${slug}`,
    standfirst: 'Standfirst',
    bodyText: `Body of the zanzibar story ${slug}.`,
    status,
    publishedAt: new Date(publishedAt),
    sectionId,
    updatedAt: new Date(now - 2 * hour),
  });
  await getDb().insert(articleTags).values({ articleId: id, tagId });
  await getDb().insert(articleBylines).values({ articleId: id, position: 0, name: 'Ada Reporter', authorSlug: 'ada-reporter' });
  await addTestComment({ articleId: id, status: 'approved' });
  return id;
}

async function setStatus(slug: string, status: ArticleStatus) {
  await getDb().update(articles).set({ status }).where(eq(articles.slug, slug));
}


const cases = {
  draft: { status: 'draft', at: now - hour },
  review: { status: 'review', at: now - hour },
  scheduled: { status: 'published', at: now + hour },
  unpublished: { status: 'unpublished', at: now - hour },
  published: { status: 'published', at: now - hour },
} as const;

before(async () => {
  sectionId = (await getDb().insert(sections).values({ slug: 'world', name: 'World', position: 1 }).returning({ id: sections.id }))[0]!.id;
  tagId = (await getDb().insert(tags).values({ slug: 'islands', name: 'Islands' }).returning({ id: tags.id }))[0]!.id;
  for (const [name, { status, at }] of Object.entries(cases)) await addArticle(`rule-${name}`, status, at);
});

/** The test articles' slugs for which `found` finds something. */
async function slugsFound(found: (slug: string) => Promise<unknown>): Promise<string[]> {
  const slugs: string[] = [];
  for (const slug of Object.keys(cases).map((name) => `rule-${name}`)) {
    if ((await found(slug)) !== null) slugs.push(slug);
  }
  return slugs;
}

/** Every slug a reader could find at `at`, by where they would find it. */
async function visibleAt(at: number): Promise<Record<string, string[]>> {
  const front = await getFrontPage({ now: at });
  const search = await searchArticles('zanzibar', { now: at, perPage: 50 });
  const sitemap = await getSitemapContents(at);
  return {
    'front page': [
      ...new Set(
        [front.lead, ...front.latest, ...front.sections.flatMap((block) => block.stories)]
          .filter((story) => story !== null)
          .map((story) => story.slug),
      ),
    ],
    'latest (site feed)': (await listLatestStories({ now: at })).map((story) => story.slug),
    section: (await getListing('sections', 'world', { now: at }))?.stories.map((story) => story.slug) ?? [],
    tag: (await getListing('tags', 'islands', { now: at }))?.stories.map((story) => story.slug) ?? [],
    author: (await getListing('authors', 'ada-reporter', { now: at }))?.stories.map((story) => story.slug) ?? [],
    search: search.status === 'ok' ? search.results.map((result) => result.slug) : [],
    sitemap: sitemap.articles.map((article) => article.slug),
    'news sitemap': (await listRecentNews(at)).map((article) => article.slug),
    'comment feed': await slugsFound(async (slug) => getCommentFeed(slug, { now: at })),
    'structured data': await slugsFound(async (slug) => getArticleSharing(slug, at)),
  };
}

describe('a public article', () => {
  test('only the published article whose time has come is on any list', async () => {
    const visible = await visibleAt(now);
    for (const [where, slugs] of Object.entries(visible)) {
      assert.deepEqual(
        slugs.filter((slug) => slug.startsWith('rule-')),
        ['rule-published'],
        where,
      );
    }
  });

  test('the scheduled article joins every list once its time comes, and not a millisecond before', async () => {
    const at = cases.scheduled.at;
    for (const [where, slugs] of Object.entries(await visibleAt(at - 1))) assert.ok(!slugs.includes('rule-scheduled'), `${where} before`);
    for (const [where, slugs] of Object.entries(await visibleAt(at))) assert.ok(slugs.includes('rule-scheduled'), `${where} at its time`);
  });

  test('a draft, an article in review and an unpublished one join every list when published', async () => {
    for (const name of ['draft', 'review', 'unpublished'] as const) {
      await setStatus(`rule-${name}`, 'published');
    }
    for (const [where, slugs] of Object.entries(await visibleAt(now))) {
      for (const name of ['draft', 'review', 'unpublished']) assert.ok(slugs.includes(`rule-${name}`), `${name} on ${where}`);
    }
    await setStatus('rule-unpublished', 'unpublished');
    for (const [where, slugs] of Object.entries(await visibleAt(now))) assert.ok(!slugs.includes('rule-unpublished'), `${where} after unpublishing`);
  });

  test('the scheduler sees the next publication time and what became public in a stretch of time', async () => {
    assert.equal(await nextPublicationAfter(now), cases.scheduled.at);
    assert.equal(await nextPublicationAfter(cases.scheduled.at), null);
    assert.deepEqual(await publishedBetween(now, cases.scheduled.at), ['rule-scheduled']);
    assert.deepEqual(await publishedBetween(now, cases.scheduled.at - 1), []);
    assert.deepEqual(await publishedBetween(cases.scheduled.at, cases.scheduled.at + hour), []);
  });

  test('an article published by a save (saved at or after its time) is not the timer’s to announce', async () => {
    const at = now + 2 * hour;
    await addTestArticle({ slug: 'saved-live', status: 'published', publishedAt: new Date(at), updatedAt: new Date(at) });
    assert.deepEqual(await publishedBetween(now, at + 1), ['rule-scheduled']);
  });

  test('an author known only from unpublished work, and a tag used only on drafts, have no page', async () => {
    const id = await addTestArticle({ slug: 'hidden-work', status: 'draft', publishedAt: new Date(now - hour) });
    await getDb().insert(articleBylines).values({ articleId: id, position: 0, name: 'Hidden Hand', authorSlug: 'hidden-hand' });
    const tag = (await getDb().insert(tags).values({ slug: 'secret', name: 'Secret' }).returning({ id: tags.id }))[0]!.id;
    await getDb().insert(articleTags).values({ articleId: id, tagId: tag });
    assert.equal(await getListing('authors', 'hidden-hand', { now }), null);
    assert.equal(await getListing('tags', 'secret', { now }), null);
    const sitemap = await getSitemapContents(now);
    assert.ok(!sitemap.authors.some((author) => author.slug === 'hidden-hand'));
    assert.ok(!sitemap.tags.some((tag) => tag.slug === 'secret'));
  });
});

import { queueTabs, type QueueFilter } from '@/lib/moderation';

// The data-layer calls whose query plans the tests check, on SQLite (db/query-plans.test.ts) and on
// PostgreSQL (db/postgres/query-plans.test.ts): one list, so that both check the same calls. On
// either test's seed: the launch article, articles "article-N", readers "readerN@example.com",
// browsers "token-N". The queries load when this is called, after the test chose its database.

/** What the public pages run; `articleId()` is the launch article's, known once the test seeded. */
export async function publicPageCalls(slug: string, articleId: () => number): Promise<Record<string, () => Promise<unknown>>> {
  const [articles, comments, stories, search, feed, sitemap, sharing, surges] = await Promise.all([
    import('@/db/queries/articles'),
    import('@/db/queries/comments'),
    import('@/db/queries/stories'),
    import('@/db/queries/search'),
    import('@/db/queries/comment-feed'),
    import('@/db/queries/sitemap'),
    import('@/db/queries/article-sharing'),
    import('@/db/queries/surges'),
  ]);
  return {
    listArticles: () => articles.listArticles(),
    getArticleBySlug: () => articles.getArticleBySlug(slug),
    getArticleToCommentOn: () => articles.getArticleToCommentOn(slug, null),
    listApprovedComments: () => comments.listApprovedComments(articleId()),
    listReaderHeldComments: () => comments.listReaderHeldComments(articleId(), 'token-3'),
    getReplyTarget: () => comments.getReplyTarget(articleId(), 42),
    readPostingChecks: () =>
      comments.readPostingChecks(
        { articleId: articleId(), authorEmail: 'reader7@example.com', ip: '203.0.113.7', body: 'Words.', idempotencyKey: 'form-1' },
        { floodSeconds: 15, hourlyLimit: 20, networkHourlyLimit: 30, pendingPerMinute: 300 },
      ),
    countPublicThreads: () => comments.countPublicThreads(slug),
    // Every article page and every post asks what surges apply (lib/surge.ts).
    surgeRulesFor: () => surges.surgeRulesFor(articleId()),
    findCommentPlace: () => comments.findCommentPlace(42, { commentsPerPage: 50 }),
    getCommentPage: () => comments.getCommentPage(articleId(), { order: 'oldest', page: 2, perPage: 50 }),
    getCommentPageNewest: () => comments.getCommentPage(articleId(), { order: 'newest', page: 3, perPage: 20 }),
    // The reading side: the front page's counts, listings, search, the comment feed, the sitemaps
    // and what cards and JSON-LD say.
    getFrontPage: () => stories.getFrontPage(),
    getListing: () => stories.getListing('authors', 'someone'),
    searchArticles: () => search.searchArticles('security guarantee'),
    getCommentFeed: () => feed.getCommentFeed(slug),
    getSitemapContents: () => sitemap.getSitemapContents(),
    listRecentNews: () => sitemap.listRecentNews(),
    getArticleSharing: () => sharing.getArticleSharing(slug),
  };
}

/** The moderation queue, whatever the tab, page, article or search (issue 5). */
export const queueFilters: QueueFilter[] = [
  ...queueTabs.map((tab) => ({ tab, page: 1 })),
  { tab: 'pending', page: 40 },
  { tab: 'approved', page: 1, articleSlug: 'article-3' },
  { tab: 'pending', page: 1, query: 'reader7' },
];

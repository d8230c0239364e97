// What an article is, as every layer sees it.

/**
 * draft: being written. review: a contributor submitted it for an editor. published: public from
 * its publishedAt (a future time means scheduled). unpublished: taken down; its address answers 410.
 */
export const articleStatuses = ['draft', 'review', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

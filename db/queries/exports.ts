import 'server-only';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { articleBylines, articleTags, articles, comments, sections, tags, users } from '@/db/schema';
import type { ArticleBlock } from '@/lib/article-body';
import type { ExportArticle, ExportAuthor } from '@/lib/wordpress/export';

// The whole site for `npm run export -- wordpress`, a command run by the site's owner on its own
// machine. Privacy contract: this is the one read that returns commenters' emails and addresses in
// bulk, because a WordPress export carries them; nothing in the web app imports this file.

/** Every author of a byline, by slug: an account's email when the byline names one. */
export async function listExportAuthors(): Promise<ExportAuthor[]> {
  const rows = await getDb()
    .selectDistinct({ login: articleBylines.authorSlug, name: articleBylines.name, email: users.email })
    .from(articleBylines)
    .leftJoin(users, eq(users.id, articleBylines.userId))
    .where(eq(articleBylines.position, 0))
    .orderBy(asc(articleBylines.authorSlug));
  const byLogin = new Map<string, ExportAuthor>();
  for (const row of rows) if (!byLogin.has(row.login)) byLogin.set(row.login, { login: row.login, name: row.name, email: row.email ?? '' });
  return [...byLogin.values()];
}

export async function listExportTerms(): Promise<{ sections: { slug: string; name: string }[]; tags: { slug: string; name: string }[] }> {
  const db = getDb();
  const [sectionRows, tagRows] = await Promise.all([
    db.select({ slug: sections.slug, name: sections.name }).from(sections).orderBy(asc(sections.position), asc(sections.id)),
    db.select({ slug: tags.slug, name: tags.name }).from(tags).orderBy(asc(tags.slug)),
  ]);
  return { sections: sectionRows, tags: tagRows };
}

/** Articles after `afterId`, `limit` of them in id order, each with its section, tags, first byline and every comment. */
export async function listExportArticles(afterId: number, limit: number): Promise<ExportArticle[]> {
  const db = getDb();
  const rows = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      headline: articles.headline,
      standfirst: articles.standfirst,
      body: articles.body,
      status: articles.status,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      commentsOpen: articles.commentsOpen,
      sectionSlug: sections.slug,
      sectionName: sections.name,
    })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(gt(articles.id, afterId))
    .orderBy(asc(articles.id))
    .limit(limit);
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const [tagRows, bylineRows, commentRows] = await Promise.all([
    db.select({ articleId: articleTags.articleId, slug: tags.slug, name: tags.name }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(inArray(articleTags.articleId, ids)),
    db
      .select({ articleId: articleBylines.articleId, login: articleBylines.authorSlug })
      .from(articleBylines)
      .where(and(inArray(articleBylines.articleId, ids), eq(articleBylines.position, 0))),
    db
      .select({
        articleId: comments.articleId,
        id: comments.id,
        parentId: comments.parentId,
        authorName: comments.authorName,
        authorEmail: comments.authorEmail,
        authorUrl: comments.authorUrl,
        ip: comments.ip,
        userAgent: comments.userAgent,
        body: comments.body,
        status: comments.status,
        createdAt: comments.createdAt,
      })
      .from(comments)
      .where(inArray(comments.articleId, ids))
      .orderBy(asc(comments.id)),
  ]);
  const commentsOf = new Map<number, ExportArticle['comments']>();
  for (const { articleId, ...comment } of commentRows) commentsOf.set(articleId, [...(commentsOf.get(articleId) ?? []), comment]);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    blocks: JSON.parse(row.body) as ArticleBlock[],
    status: row.status,
    publishedAt: row.publishedAt,
    updatedAt: row.updatedAt,
    commentsOpen: row.commentsOpen,
    authorLogin: bylineRows.find((b) => b.articleId === row.id)?.login ?? null,
    section: row.sectionSlug && row.sectionName ? { slug: row.sectionSlug, name: row.sectionName } : null,
    tags: tagRows.filter((t) => t.articleId === row.id).map(({ slug, name }) => ({ slug, name })),
    comments: commentsOf.get(row.id) ?? [],
  }));
}

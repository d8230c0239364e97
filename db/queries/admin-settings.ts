import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { articles, settings } from '@/db/schema';
import { requireAdmin } from '@/app/_lib/session';
import type { DiscussionSettings } from './settings';

// Admins change the discussion settings here; every function checks the role itself.

export async function saveDiscussionSettings(next: DiscussionSettings): Promise<void> {
  await requireAdmin('/admin/settings');
  getDb().transaction((tx) => {
    for (const [key, value] of Object.entries(next)) {
      tx.insert(settings)
        .values({ key, value: JSON.stringify(value) })
        .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value) } })
        .run();
    }
  });
}

export type ArticleSetting = { slug: string; headline: string; commentsOpen: boolean };

export async function listArticleSettings(): Promise<ArticleSetting[]> {
  await requireAdmin('/admin/settings');
  return getDb()
    .select({ slug: articles.slug, headline: articles.headline, commentsOpen: articles.commentsOpen })
    .from(articles)
    .orderBy(desc(articles.publishedAt))
    .limit(100)
    .all();
}

export async function setArticleCommentsOpen(slug: string, open: boolean): Promise<boolean> {
  await requireAdmin('/admin/settings');
  return getDb().update(articles).set({ commentsOpen: open }).where(eq(articles.slug, slug)).run().changes > 0;
}

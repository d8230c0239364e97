import 'server-only';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { changedRows } from '@/db/handle';
import { write } from '@/db/writer';
import { articles, settings } from '@/db/schema';
import { type DiscussionSettings, type SiteSettings } from '@/lib/settings';


// Admins change the discussion settings here; every function checks the role itself.

export async function saveDiscussionSettings(staff: Staff, next: DiscussionSettings): Promise<void> {
  assertAllowed(staff, 'administer');
  await write(async (tx) => {
    for (const [key, value] of Object.entries(next)) {
      await tx.insert(settings)
        .values({ key, value: JSON.stringify(value) })
        .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value) } });
    }
  });
}

export async function saveSiteSettings(staff: Staff, next: SiteSettings): Promise<void> {
  assertAllowed(staff, 'administer');
  await write(async (tx) => {
    for (const [key, value] of Object.entries(next)) {
      await tx
        .insert(settings)
        .values({ key, value: JSON.stringify(value) })
        .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value) } });
    }
  });
}

export type ArticleSetting = { slug: string; headline: string; commentsOpen: boolean };

export async function listArticleSettings(staff: Staff): Promise<ArticleSetting[]> {
  assertAllowed(staff, 'administer');
  return getDb()
    .select({ slug: articles.slug, headline: articles.headline, commentsOpen: articles.commentsOpen })
    .from(articles)
    .orderBy(desc(articles.publishedAt))
    .limit(100);
}

export async function setArticleCommentsOpen(staff: Staff, slug: string, open: boolean): Promise<boolean> {
  assertAllowed(staff, 'administer');
  const result = await write((tx) => tx.update(articles).set({ commentsOpen: open }).where(eq(articles.slug, slug)));
  return changedRows(result) > 0;
}

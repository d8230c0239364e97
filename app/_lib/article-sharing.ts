import 'server-only';
import { cache } from 'react';
import { getArticleSharing } from '@/db/queries/article-sharing';

/**
 * An article's public facts, read once per request: its head (metadata), its page (section, bylines,
 * lead image) and its JSON-LD all use them.
 */
export const getArticleSharingOnce = cache(async (slug: string) => getArticleSharing(slug));

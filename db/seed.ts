import fs from 'node:fs';
import path from 'node:path';
import { parseArticleText } from '../lib/article-text';
import { plainTextOf } from '../lib/article-body';
import type { articles } from './sqlite/schema';

export const launchArticle = {
  slug: 'starmer-us-security-guarantee',
  file: path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'content', 'starmer-us-security-guarantee.txt'),
  publishedAt: new Date('2025-02-26T09:00:00Z'),
};

/**
 * The launch article's row, for either database: each connection inserts it with its own tables,
 * once (on conflict with its slug, nothing), and leaves it alone afterwards.
 */
export function launchArticleRow(): typeof articles.$inferInsert {
  const { headline, standfirst, blocks } = parseArticleText(fs.readFileSync(launchArticle.file, 'utf8'));
  return {
    slug: launchArticle.slug,
    headline,
    standfirst,
    body: JSON.stringify(blocks),
    bodyText: plainTextOf(blocks),
    status: 'published',
    publishedAt: launchArticle.publishedAt,
    firstPublishedAt: launchArticle.publishedAt,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

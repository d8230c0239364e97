import fs from 'node:fs';
import path from 'node:path';
import { articles } from './schema';
import { parseArticleText } from '../lib/article-text';
import { plainTextOf } from '../lib/article-body';
import type { Db } from './handle';

export const launchArticle = {
  slug: 'starmer-us-security-guarantee',
  file: path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'content', 'starmer-us-security-guarantee.txt'),
  publishedAt: new Date('2025-02-26T09:00:00Z'),
};

/** Idempotent: inserts the launch article once, leaves it alone afterwards. */
export function seedLaunchArticle(db: Db): void {
  const { headline, standfirst, blocks } = parseArticleText(fs.readFileSync(launchArticle.file, 'utf8'));
  db.insert(articles)
    .values({
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
    })
    .onConflictDoNothing({ target: articles.slug })
    .run();
}

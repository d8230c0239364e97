import type { ArticleBlock } from './article-text';

/** The body as plain text, one block a line: for the search index and for summaries. */
export function plainTextOf(blocks: readonly ArticleBlock[]): string {
  return blocks.map((block) => block.text).join('\n');
}

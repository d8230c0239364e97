import type { ArticleBlock } from './article-body';

// The launch article arrives as a captured news page; this reads it into blocks.

export type ParsedArticle = { headline: string; standfirst: string; blocks: ArticleBlock[] };

const endOfArticle = 'Leave a Reply';
const datelinePattern = /^([^–—]{2,40}?)\s+[–—]\s+(.+)$/s;

function isHeading(paragraph: string): boolean {
  return paragraph.length <= 90 && !/[.!?:”"]$/.test(paragraph);
}

/**
 * Reads a captured news page: the page title, the headline, the standfirst, then the body up to the
 * original page's comment form ("Leave a Reply"), which is not article text.
 */
export function parseArticleText(text: string): ParsedArticle {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const [pageTitle, headline, standfirst, ...rest] = paragraphs;
  if (!pageTitle || !headline || !standfirst) throw new Error('An article needs a title, headline and standfirst.');
  const bodyEnd = rest.indexOf(endOfArticle);
  const body = bodyEnd === -1 ? rest : rest.slice(0, bodyEnd);

  const blocks = body.map((paragraph, index): ArticleBlock => {
    const dateline = index === 0 ? datelinePattern.exec(paragraph) : null;
    if (dateline?.[1] && dateline[2]) return { type: 'dateline', place: dateline[1], text: dateline[2] };
    if (isHeading(paragraph)) return { type: 'heading', text: paragraph };
    return { type: 'paragraph', text: paragraph };
  });
  return { headline, standfirst, blocks };
}

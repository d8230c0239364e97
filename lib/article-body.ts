// An article's body as stored and rendered: a list of blocks of plain text with marks, never HTML.
// Whatever an author typed reaches readers only as text in these shapes.

export type InlineMark = 'strong' | 'em' | 'code';
/** A run of text; a link when it has an href (http, https or mailto only). */
export type Inline = { text: string; marks?: InlineMark[]; href?: string };

/** Every block carries `text`, its plain text (search, summaries, feeds). */
export type ArticleBlock =
  | { type: 'dateline'; place: string; text: string }
  | { type: 'heading'; text: string; level?: 2 | 3 }
  /** `inlines` when the paragraph has marks or links; the captured launch article has text only. */
  | { type: 'paragraph'; text: string; inlines?: Inline[] }
  | { type: 'list'; ordered: boolean; text: string; items: Inline[][] }
  | { type: 'quote'; text: string; inlines: Inline[] }
  | { type: 'image'; text: string; imageId: number; alt: string; caption?: string; credit?: string }
  /** A plain link shown as a card: nothing from the other site is loaded or run. */
  | { type: 'embed'; text: string; url: string };

/** The body as plain text, one block a line: for the search index and for summaries. */
export function plainTextOf(blocks: readonly ArticleBlock[]): string {
  return blocks.map((block) => block.text).join('\n');
}

import { Lexer, type Token, type Tokens } from 'marked';
import type { ArticleBlock, Inline, InlineMark } from './article-body';

// An author's Markdown to the body blocks readers see. Only marked's lexer is used, never its HTML
// renderer: whatever was typed becomes text in ArticleBlock shapes. Raw HTML stays visible as the
// characters typed; a link that is not http, https or mailto is its text alone.

const safeSchemes = new Set(['http:', 'https:', 'mailto:']);

/** The address when it is a web or mail link; null for javascript:, data:, relative and malformed ones. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (!safeSchemes.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  return url.href;
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** marked leaves character references as typed; readers should see the character. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return namedEntities[name.toLowerCase()] ?? whole;
  });
}

function push(out: Inline[], text: string, marks: InlineMark[], href?: string) {
  if (text === '') return;
  const last = out.at(-1);
  const sameMarks = (last?.marks ?? []).join() === marks.join();
  if (last && sameMarks && last.href === href) {
    last.text += text;
    return;
  }
  out.push({ text, ...(marks.length ? { marks: [...marks] } : {}), ...(href ? { href } : {}) });
}

function inlinesOf(tokens: readonly Token[] | undefined, marks: InlineMark[] = [], href?: string, out: Inline[] = []): Inline[] {
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
      case 'em':
        inlinesOf(token.tokens, marks.includes(token.type) ? marks : [...marks, token.type], href, out);
        break;
      case 'codespan':
        push(out, decodeEntities(token.text), marks.includes('code') ? marks : [...marks, 'code'], href);
        break;
      case 'link': {
        const link = token as Tokens.Link;
        // A link inside a link cannot be; an unsafe address leaves the words without it.
        inlinesOf(link.tokens, marks, href ?? safeHref(link.href) ?? undefined, out);
        break;
      }
      case 'image':
        // An image inside a paragraph is only its description.
        push(out, decodeEntities((token as Tokens.Image).text), marks, href);
        break;
      case 'br':
        push(out, '\n', marks, href);
        break;
      case 'html':
      case 'tag':
        // Raw HTML is shown as the characters typed, never as markup.
        push(out, token.raw, marks, href);
        break;
      case 'del':
        inlinesOf(token.tokens, marks, href, out);
        break;
      case 'escape':
        push(out, token.text, marks, href);
        break;
      case 'text':
        if (token.tokens?.length) inlinesOf(token.tokens, marks, href, out);
        else push(out, token.escaped ? token.text : decodeEntities(token.text), marks, href);
        break;
      default:
        push(out, token.raw, marks, href);
    }
  }
  return out;
}

function textOf(inlines: readonly Inline[]): string {
  return inlines.map((inline) => inline.text).join('');
}

function trimInlines(inlines: Inline[]): Inline[] {
  const out = inlines.map((inline) => ({ ...inline }));
  while (out[0] && out[0].text.trimStart() === '') out.shift();
  while (out.at(-1) && out.at(-1)!.text.trimEnd() === '') out.pop();
  if (out[0]) out[0].text = out[0].text.trimStart();
  const last = out.at(-1);
  if (last) last.text = last.text.trimEnd();
  return out;
}

function hasFormatting(inlines: readonly Inline[]): boolean {
  return inlines.some((inline) => inline.marks?.length || inline.href);
}

function paragraph(inlines: Inline[]): ArticleBlock | null {
  const trimmed = trimInlines(inlines);
  const text = textOf(trimmed);
  if (text === '') return null;
  return hasFormatting(trimmed) ? { type: 'paragraph', text, inlines: trimmed } : { type: 'paragraph', text };
}

/** `![alt](image:12 "caption")` alone in a paragraph: an image from the site's own library. */
function imageBlock(tokens: readonly Token[]): ArticleBlock | null {
  const meaningful = tokens.filter((token) => !(token.type === 'text' && token.raw.trim() === ''));
  const image = meaningful.length === 1 && meaningful[0]!.type === 'image' ? (meaningful[0] as Tokens.Image) : null;
  const id = image ? /^image:(\d{1,9})$/.exec(image.href.trim()) : null;
  if (!image || !id) return null;
  const alt = decodeEntities(image.text).trim();
  const caption = image.title ? decodeEntities(image.title).trim() : '';
  return {
    type: 'image',
    imageId: Number(id[1]),
    alt,
    ...(caption ? { caption } : {}),
    text: caption || alt,
  };
}

/** A bare web address alone on its line: a card linking out, nothing loaded from the other site. */
function embedBlock(tokens: readonly Token[]): ArticleBlock | null {
  if (tokens.length !== 1 || tokens[0]!.type !== 'link') return null;
  const link = tokens[0] as Tokens.Link;
  const href = safeHref(link.href);
  if (!href || !/^https?:/.test(href) || link.text.trim() !== link.href.trim()) return null;
  return { type: 'embed', url: href, text: href };
}

function blocksOf(tokens: readonly Token[], out: ArticleBlock[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading': {
        const text = textOf(trimInlines(inlinesOf(token.tokens)));
        if (text) out.push({ type: 'heading', text, level: token.depth >= 3 ? 3 : 2 });
        break;
      }
      case 'paragraph': {
        const block = imageBlock(token.tokens ?? []) ?? embedBlock(token.tokens ?? []) ?? paragraph(inlinesOf(token.tokens));
        if (block) out.push(block);
        break;
      }
      case 'list': {
        const list = token as Tokens.List;
        const items = list.items
          .map((item) => trimInlines(listItemInlines(item)))
          .filter((item) => textOf(item) !== '');
        if (items.length) out.push({ type: 'list', ordered: list.ordered, items, text: items.map(textOf).join('\n') });
        break;
      }
      case 'blockquote': {
        const inlines = quoteInlines(token.tokens ?? []);
        const text = textOf(inlines);
        if (text) out.push({ type: 'quote', text, inlines });
        break;
      }
      case 'code': {
        const text = token.text.trimEnd();
        if (text) out.push({ type: 'paragraph', text, inlines: [{ text, marks: ['code'] }] });
        break;
      }
      case 'html': {
        // A block of raw HTML: its characters, as a paragraph of text.
        const block = paragraph([{ text: token.raw }]);
        if (block) out.push(block);
        break;
      }
      case 'table': {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) {
          const block = paragraph(row.flatMap((cell, index) => [...(index ? [{ text: ' · ' }] : []), ...inlinesOf(cell.tokens)]));
          if (block) out.push(block);
        }
        break;
      }
      case 'space':
      case 'hr':
      case 'def':
        break;
      default: {
        const block = paragraph([{ text: token.raw }]);
        if (block) out.push(block);
      }
    }
  }
}

/** A list item's words, its nested lists flattened into the same line. */
function listItemInlines(item: Tokens.ListItem): Inline[] {
  const out: Inline[] = [];
  for (const token of item.tokens) {
    if (out.length && (token.type === 'list' || token.type === 'paragraph')) push(out, ' ', []);
    if (token.type === 'list') {
      (token as Tokens.List).items.forEach((nested, index) => {
        if (index) push(out, '; ', []);
        out.push(...listItemInlines(nested));
      });
    } else if (token.type === 'paragraph' || token.type === 'text') {
      inlinesOf(token.tokens?.length ? token.tokens : [token], [], undefined, out);
    } else if (token.type !== 'space' && token.type !== 'checkbox') {
      push(out, token.raw, []);
    }
  }
  return out;
}

function quoteInlines(tokens: readonly Token[]): Inline[] {
  const out: Inline[] = [];
  for (const token of tokens) {
    if (token.type === 'space') continue;
    const inlines = token.type === 'paragraph' ? inlinesOf(token.tokens) : [{ text: token.raw }];
    if (out.length) push(out, '\n', []);
    out.push(...trimInlines(inlines));
  }
  return trimInlines(out);
}

/** Markdown to body blocks; never throws on what an author types. */
export function markdownToBlocks(source: string): ArticleBlock[] {
  const tokens = new Lexer({ gfm: true, breaks: false }).lex(source.replace(/\r\n?/g, '\n'));
  const out: ArticleBlock[] = [];
  blocksOf(tokens, out);
  return out;
}

/** The raw HTML tags in the Markdown (outside code), as typed: the form asks for Markdown instead. */
export function rawHtmlIn(source: string): string[] {
  const found: string[] = [];
  const walk = (tokens: readonly Token[] | undefined) => {
    for (const token of tokens ?? []) {
      if (token.type === 'html' || token.type === 'tag') found.push(token.raw.trim());
      if (token.type === 'list') for (const item of (token as Tokens.List).items) walk(item.tokens);
      else if (token.type === 'table') {
        const table = token as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) walk(cell.tokens);
      } else if ('tokens' in token) walk(token.tokens);
    }
  };
  walk(new Lexer({ gfm: true }).lex(source));
  return found;
}

import { Parser } from 'htmlparser2';
import type { ArticleBlock, Inline, InlineMark } from '../article-body';
import { safeHref } from '../markdown';
import { normalizeText } from '../text';

// WordPress post bodies (Gutenberg block markup or classic HTML) as Margin's blocks: text with
// marks and links, never HTML. Scripts, styles, frames, forms and event handlers are dropped with a
// warning; an unknown block keeps its words as text; an embed becomes a link card (nothing loaded).

/** An image the body shows, still by its WordPress address: the importer finds the file or reports it. */
export type ImageReference = { type: 'wordpress-image'; src: string; alt: string; caption: string; text: string };
export type ConvertedBlock = ArticleBlock | ImageReference;
export type ConvertedBody = { blocks: ConvertedBlock[]; warnings: string[] };

const dropped = new Set([
  'script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'form', 'input', 'button',
  'select', 'textarea', 'svg', 'math', 'video', 'audio', 'canvas', 'frame', 'frameset', 'applet', 'link', 'meta', 'head', 'title',
]);
const markOf: Record<string, InlineMark> = { strong: 'strong', b: 'strong', em: 'em', i: 'em', code: 'code', kbd: 'code', tt: 'code' };
const breaking = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'aside', 'main', 'table', 'tr', 'td', 'th', 'pre', 'hr', 'dl', 'dt', 'dd', 'address', 'center']);
const knownBlocks = new Set([
  'paragraph', 'heading', 'list', 'list-item', 'quote', 'pullquote', 'image', 'html', 'separator', 'spacer', 'group',
  'columns', 'column', 'freeform', 'preformatted', 'code', 'verse', 'table', 'more', 'nextpage', 'shortcode', 'gallery', 'buttons', 'button',
]);
const shortcodes = /\[(gallery|embed|audio|video|playlist|wpvideo|soundcloud|contact-form[\w-]*)\b[^\]]*\](?:[\s\S]*?\[\/\1\])?/g;
const captionShortcode = /\[caption\b[^\]]*\]\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)\s*([\s\S]*?)\[\/caption\]/g;

function tidyInlines(runs: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const run of runs) {
    const text = run.text.replace(/\s+/g, ' ');
    if (!text) continue;
    const last = merged.at(-1);
    if (last && last.href === run.href && (last.marks ?? []).join() === (run.marks ?? []).join()) last.text += text;
    else merged.push({ ...run, text });
  }
  if (merged[0]) merged[0].text = merged[0].text.trimStart();
  const last = merged.at(-1);
  if (last) last.text = last.text.trimEnd();
  return merged.filter((run) => run.text !== '');
}

const textOf = (runs: Inline[]) => runs.map((run) => run.text).join('');
const plain = (runs: Inline[]) => runs.every((run) => !run.href && !run.marks?.length);

export function convertBody(html: string): ConvertedBody {
  const blocks: ConvertedBlock[] = [];
  const warnings = new Set<string>();
  let runs: Inline[] = [];
  let context: { kind: 'paragraph' | 'loose' } | { kind: 'heading'; level: 2 | 3 } | { kind: 'item' } | { kind: 'caption' } = { kind: 'loose' };
  const marks: InlineMark[] = [];
  const hrefs: (string | null)[] = [];
  const lists: { ordered: boolean; items: Inline[][] }[] = [];
  let quote: Inline[][] | null = null;
  let figure: { src: string; alt: string; caption: Inline[] } | null = null;
  let skipDepth = 0;
  let skipUntilBlockEnd: string | null = null;

  const flush = () => {
    const inlines = tidyInlines(runs);
    runs = [];
    if (inlines.length === 0) return;
    const text = textOf(inlines);
    if (context.kind === 'caption' && figure) figure.caption.push(...inlines);
    else if (context.kind === 'item' && lists.length) lists.at(-1)!.items.push(inlines);
    else if (quote) quote.push(inlines);
    else if (context.kind === 'heading') blocks.push({ type: 'heading', text, level: context.level });
    else blocks.push(plain(inlines) ? { type: 'paragraph', text } : { type: 'paragraph', text, inlines });
  };
  const addText = (text: string) => {
    if (context.kind === 'loose' && !quote && !lists.length && /\n\s*\n/.test(text)) {
      // Classic posts leave paragraphs as blank lines (WordPress adds the <p> when it shows them).
      const [head, ...rest] = text.split(/\n\s*\n/);
      addText(head!);
      for (const part of rest) {
        flush();
        addText(part);
      }
      return;
    }
    const href = hrefs.findLast((h) => h !== undefined) ?? null;
    runs.push({ text, ...(marks.length ? { marks: [...new Set(marks)] } : {}), ...(href ? { href } : {}) });
  };
  const addImage = (src: string, alt: string, caption: Inline[]) => {
    const captionText = textOf(tidyInlines(caption));
    blocks.push({ type: 'wordpress-image', src, alt, caption: captionText, text: captionText || alt });
  };

  const parser = new Parser(
    {
      oncomment(data) {
        const block = /^\s*(\/?)wp:([\w/-]+)\s*(\{.*\})?\s*\/?\s*$/s.exec(data);
        if (!block) return;
        const [, closing, name, json] = block;
        if (skipUntilBlockEnd) {
          if (closing && name === skipUntilBlockEnd) skipUntilBlockEnd = null;
          return;
        }
        if (closing) return;
        if (name === 'embed' || name!.startsWith('core-embed/')) {
          flush();
          let url: string | null = null;
          try {
            url = safeHref((JSON.parse(json ?? '{}') as { url?: string }).url ?? '');
          } catch {
            url = null;
          }
          if (url && /^https?:/i.test(url)) blocks.push({ type: 'embed', url, text: url });
          else warnings.add(`an embed block without a web address was dropped`);
          warnings.add(`embeds become link cards (nothing from the other site is loaded)`);
          skipUntilBlockEnd = name!;
        } else if (name === 'html') {
          warnings.add('an HTML block: its text is kept, scripts and any other active content are dropped');
        } else if (!knownBlocks.has(name!.replace(/^core\//, ''))) {
          warnings.add(`an unknown block (wp:${name}): its text is kept, anything active dropped`);
        }
      },
      onopentag(name, attributes) {
        if (skipUntilBlockEnd) return;
        if (skipDepth > 0) {
          skipDepth++;
          return;
        }
        for (const attribute of Object.keys(attributes)) {
          if (/^on/i.test(attribute)) warnings.add(`an event handler (${attribute} on <${name}>) was dropped`);
        }
        if (dropped.has(name)) {
          warnings.add(`<${name}> was dropped`);
          skipDepth = 1;
          return;
        }
        if (name in markOf) {
          marks.push(markOf[name]!);
          return;
        }
        if (name === 'a') {
          const href = safeHref(attributes['href'] ?? '');
          if (attributes['href'] && !href) warnings.add(`a link to ${attributes['href'].slice(0, 60)} lost its address (only http, https and mailto are kept)`);
          hrefs.push(href);
          return;
        }
        if (name === 'br') {
          addText(' ');
          return;
        }
        if (/^h[1-6]$/.test(name)) {
          flush();
          context = { kind: 'heading', level: name <= 'h2' ? 2 : 3 };
        } else if (name === 'ul' || name === 'ol') {
          flush();
          lists.push({ ordered: name === 'ol', items: [] });
        } else if (name === 'li') {
          flush();
          context = { kind: 'item' };
        } else if (name === 'blockquote') {
          flush();
          quote = [];
        } else if (name === 'figure') {
          flush();
          figure = { src: '', alt: '', caption: [] };
        } else if (name === 'figcaption') {
          flush();
          context = { kind: 'caption' };
        } else if (name === 'img') {
          const src = attributes['src'] ?? '';
          const alt = attributes['alt'] ?? '';
          if (figure) {
            figure.src ||= src;
            figure.alt ||= alt;
          } else if (src) {
            flush();
            addImage(src, alt, []);
          }
        } else if (name === 'cite' && quote) {
          flush();
          addText('— ');
        } else if (name === 'p' || breaking.has(name)) {
          flush();
          if (name === 'p' && context.kind === 'loose') context = { kind: 'paragraph' };
        }
      },
      ontext(text) {
        if (skipDepth > 0 || skipUntilBlockEnd) return;
        addText(text);
      },
      onclosetag(name) {
        if (skipUntilBlockEnd) return;
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (name in markOf) {
          const at = marks.lastIndexOf(markOf[name]!);
          if (at !== -1) marks.splice(at, 1);
          return;
        }
        if (name === 'a') {
          hrefs.pop();
          return;
        }
        if (/^h[1-6]$/.test(name) || name === 'p') {
          flush();
          if (context.kind !== 'item' && context.kind !== 'caption') context = { kind: 'loose' };
        } else if (name === 'li') {
          flush();
          context = { kind: 'loose' };
        } else if (name === 'ul' || name === 'ol') {
          flush();
          const list = lists.pop();
          const items = list?.items ?? [];
          if (lists.length && items.length) lists.at(-1)!.items.push(...items);
          else if (items.length) blocks.push({ type: 'list', ordered: list!.ordered, items, text: items.map(textOf).join('\n') });
        } else if (name === 'blockquote') {
          flush();
          const parts = quote ?? [];
          quote = null;
          const inlines = tidyInlines(parts.flatMap((part, i) => (i === 0 ? part : [{ text: ' ' }, ...part])));
          if (inlines.length) blocks.push({ type: 'quote', text: textOf(inlines), inlines });
        } else if (name === 'figcaption') {
          flush();
          context = { kind: 'loose' };
        } else if (name === 'figure') {
          flush();
          const done = figure;
          figure = null;
          if (done?.src) addImage(done.src, done.alt, done.caption);
          else if (done?.caption.length) blocks.push({ type: 'paragraph', text: textOf(tidyInlines(done.caption)) });
        } else if (breaking.has(name)) {
          flush();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  const prepared = html
    .replace(captionShortcode, (_, image: string, caption: string) => `<figure>${image}<figcaption>${caption}</figcaption></figure>`)
    .replace(shortcodes, (code: string) => {
      warnings.add(`a shortcode (${code.slice(0, 30)}…) was dropped`);
      return '';
    });
  parser.write(prepared);
  parser.end();
  flush();
  return { blocks, warnings: [...warnings] };
}

/** A comment's HTML as the plain text Margin stores: paragraphs and line breaks kept, a link's address after its words. */
export function commentText(html: string): { text: string; warnings: string[] } {
  let text = '';
  const warnings = new Set<string>();
  let skipDepth = 0;
  const links: { href: string | null; start: number }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (skipDepth > 0 || dropped.has(name)) {
          if (skipDepth === 0) warnings.add(`<${name}> in a comment was dropped`);
          skipDepth++;
          return;
        }
        if (name === 'br') text += '\n';
        else if (name === 'p' || name === 'blockquote' || name === 'li') text += '\n\n';
        if (name === 'a') links.push({ href: safeHref(attributes['href'] ?? ''), start: text.length });
      },
      ontext(data) {
        if (skipDepth === 0) text += data;
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (name === 'a') {
          const link = links.pop();
          const words = text.slice(link?.start).trim();
          if (link?.href && words !== link.href && `${words}/` !== link.href) text += ` (${link.href})`;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return { text: normalizeText(text.replace(/\n{3,}/g, '\n\n'), { multiline: true }), warnings: [...warnings] };
}

/** Text WordPress stored with HTML entities (category and tag names, titles): the entities decoded, nothing else read. */
export function decodeEntities(value: string): string {
  let text = '';
  const parser = new Parser({ ontext: (data) => void (text += data) }, { decodeEntities: true });
  parser.write(value.replace(/</g, '&lt;'));
  parser.end();
  return text;
}

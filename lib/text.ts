// Text rules shared by the reply form (client) and the server action: what we store is what the
// reader typed after exactly these steps.

// C0 and C1 controls except tab and newline; carriage returns are folded into newlines first.
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Whitespace, format characters (zero-width space/joiners, BOM, soft hyphen, bidi marks) and blank
// look-alikes (Hangul fillers, braille blank) that draw nothing.
const invisibleOnly = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

export function normalizeText(value: string, { multiline }: { multiline: boolean }): string {
  // Controls go before composing: "e", NUL, U+0301 must end up as "é", not as a decomposed pair.
  let text = value.toWellFormed().replace(/\r\n?/g, '\n').replace(controlCharacters, '');
  text = text.normalize('NFC');
  if (!multiline) text = text.replace(/[\n\t]+/g, ' ');
  return text.trim();
}

export function isBlank(value: string): boolean {
  return invisibleOnly.test(value);
}

/** Length as a reader counts it: code points, so an emoji is one character, not two. */
export function characterCount(value: string): number {
  return value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

export type BodySegment = { kind: 'text'; text: string } | { kind: 'link'; href: string; text: string };
export type BodyParagraph = BodySegment[][];

const urlPattern = /\bhttps?:\/\/[^\s<>"]+/gi;
const trailingPunctuation = /[.,;:!?'")\]}»”’]+$/;

function linkify(line: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let last = 0;
  for (const match of line.matchAll(urlPattern)) {
    let url = match[0];
    const trailing = trailingPunctuation.exec(url)?.[0] ?? '';
    url = url.slice(0, url.length - trailing.length);
    if (url.length <= 'https://'.length) continue;
    const start = match.index;
    if (start > last) segments.push({ kind: 'text', text: line.slice(last, start) });
    segments.push({ kind: 'link', href: url, text: url });
    last = start + url.length;
  }
  if (last < line.length) segments.push({ kind: 'text', text: line.slice(last) });
  return segments;
}

/** Plain text to paragraphs (blank lines) of lines (single newlines) of text and link segments. */
export function toParagraphs(body: string): BodyParagraph[] {
  return body
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => paragraph.split('\n').map(linkify));
}

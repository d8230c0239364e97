import type { SaxesParser } from 'saxes';

// What the readers of other sites' exports (lib/wordpress/wxr.ts, lib/disqus/reader.ts) share: the
// bytes read as UTF-8 only, and a saxes parser that refuses a DOCTYPE, entity declarations and other
// encodings. saxes reads no DTD: an entity a file declares is never fetched nor expanded.

/** How a reader names its format in messages: "a WordPress export", "WordPress exports", "WordPress", "this is not a WordPress export (WXR)". */
export type ExportNames = { one: string; many: string; writer: string; not: string };
type Fail = (message: string, line?: number | null) => never;

/** A file that cannot be read as the export it should be, with the line where that became clear. */
export class ExportFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
  }
}

/** The file's bytes as text, refusing bytes that are not UTF-8 (what WordPress and Disqus write). */
export async function* utf8Text(chunks: AsyncIterable<Uint8Array | string>, fail: Fail): AsyncGenerator<{ text: string; bytes: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      yield { text: chunk, bytes };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      fail(`the file is not UTF-8 text (a byte after byte ${bytes} is not UTF-8): save or export it again as UTF-8`, null);
    }
    bytes += chunk.byteLength;
    yield { text, bytes };
  }
}

/**
 * Refuses, through `fail`, a declared encoding other than UTF-8, any DOCTYPE (with or without
 * entities) and broken XML. Gives whether the file had an XML declaration so far, and the text
 * (and CDATA) read since the last `clearText()`.
 */
export function guardXml(
  parser: SaxesParser,
  names: ExportNames,
  fail: Fail,
  failed: () => Error | null,
): { declared: () => boolean; text: () => string; clearText: () => void } {
  let declared = false;
  let text = '';
  const addText = (chunk: string) => {
    text += chunk;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('xmldecl', (declaration) => {
    declared = true;
    if (declaration.encoding && !/^utf-?8$/i.test(declaration.encoding)) {
      fail(`the file says it is in ${declaration.encoding}; Margin reads ${names.many} in UTF-8, as ${names.writer} writes them`);
    }
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) fail(`the file declares entities (<!ENTITY …>): ${names.one} never does, and Margin neither fetches nor expands them`);
    fail(`the file has a DOCTYPE: ${names.one} never does`);
  });
  parser.on('error', (error) => {
    const failure = failed();
    if (failure) throw failure;
    const reason = error.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '');
    fail(/undefined entity/i.test(reason) ? `${reason}: the file uses an entity it does not define (not read, not expanded)` : `the XML is broken: ${reason}`);
  });
  return { declared: () => declared, text: () => text, clearText: () => void (text = '') };
}

/**
 * Feeds the file to the parser, yielding the records it readied after each piece, until the file
 * ends; refuses a file that is empty, does not start with XML, or ends inside an element.
 */
export async function* feedXml<R>(
  parser: SaxesParser,
  chunks: AsyncIterable<Uint8Array | string>,
  reading: { names: ExportNames; fail: Fail; declared: () => boolean; openElement: () => string | undefined; ready: R[]; onBytes?: ((bytes: number) => void) | undefined },
): AsyncGenerator<R> {
  const { names, fail, ready } = reading;
  let position = 0;
  for await (const { text: piece, bytes } of utf8Text(chunks, fail)) {
    if (!reading.declared() && position === 0 && piece.length > 0 && !piece.trimStart().startsWith('<')) fail(`${names.not}: it does not start with XML`, 1);
    position += piece.length;
    parser.write(piece);
    reading.onBytes?.(bytes);
    yield* ready.splice(0);
  }
  if (position === 0) fail(`the file is empty: ${names.not}`, 1);
  const open = reading.openElement();
  if (open !== undefined) fail(`the file ends inside <${open}>: it was cut short (export it again)`);
  parser.close();
}

import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { chooseEncoding, type Encoding } from './encoding';

// The answer a reader gets while the edge renders a page (a cache miss): compressed as they accept,
// like a kept page. The edge takes Accept-Encoding from a page request on its way to Next (Next's
// own compression would hide the inline scripts whose hashes the policy needs, and the page cache
// keeps the page's own bytes), so compressing that answer is the edge's work. Faster settings than
// the kept copies (server/capture.ts), which are compressed once for every later reader.

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Text worth compressing: pages, feeds, sitemaps, JSON; not images or archives, already compressed. */
export function isCompressible(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || /^application\/(?:[\w.+-]+\+)?(?:xml|json)$/.test(type) || type === 'application/javascript' || type === 'image/svg+xml';
}

/** Below this the compressed bytes save less than the headers cost. */
const smallestWorthCompressing = 1024;

/** The encoding for this answer: what the reader accepts, for a body worth compressing. */
export function answerEncoding(acceptEncoding: string | string[] | undefined, contentType: string, bytes: number): Encoding {
  if (bytes < smallestWorthCompressing || !isCompressible(contentType)) return 'identity';
  return chooseEncoding(acceptEncoding);
}

export async function compress(body: Buffer, encoding: Exclude<Encoding, 'identity'>): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzip(body, { level: 6 });
}

import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { pageHeaders } from './next-internals';
import { dropOutdatedPage, pageCacheGeneration, putCachedPage } from './page-cache';

// On a miss Next renders the page (or serves it from its own cache) and the page cache keeps what
// it sent, compressed once, when it is a public page for everyone. It listens on the Node response
// Next writes to (see next-internals.ts, 4).

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/**
 * A page Next renders per request but the same for every reader: sent with this public
 * Cache-Control, kept until invalidated or, with `milliseconds`, only that long.
 */
export type RenderedPage = { cacheControl: string; milliseconds?: number };

/**
 * Next calls a page rendered per request private; a page the same for every reader (the front
 * page, listings, feeds) is public for caches in front all the same (an error page stays private).
 */
export function markPublic(response: http.ServerResponse, cacheControl: string): void {
  const setHeader = response.setHeader.bind(response);
  response.setHeader = (name, value) =>
    setHeader(name, name.toLowerCase() === 'cache-control' && response.statusCode === 200 ? cacheControl : value);
}

function bytesOf(chunk: unknown, encoding: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return Buffer.from(chunk as Uint8Array);
}

/**
 * Keeps the page Next is about to send on this response under `path`. Resolves true once it is
 * kept up to date; false when it is not a public page for everyone (an outdated page kept under
 * `path` is then dropped), the reader left before the end, or its path changed while it rendered
 * (it may miss that change: it is kept outdated).
 */
export function capturePage(
  path: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  rendered?: RenderedPage,
): Promise<boolean> {
  const generation = pageCacheGeneration();
  if (rendered) markPublic(response, rendered.cacheControl);
  // Next sends it uncompressed, so the bytes are the page's own; they are compressed once, here.
  delete request.headers['accept-encoding'];
  const chunks: Buffer[] = [];
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => http.ServerResponse;
  let ended = false;
  return new Promise((resolve) => {
    response.once('close', () => {
      if (!ended) resolve(false);
    });
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(bytesOf(chunk, rest[0]));
      return write(chunk, ...rest);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== 'function') chunks.push(bytesOf(chunk, rest[0]));
      ended = true;
      const result = end(chunk, ...rest);
      const cacheControl = String(response.getHeader('cache-control') ?? '');
      if (response.statusCode !== 200 || !cacheControl.startsWith('public') || response.hasHeader('set-cookie')) {
        dropOutdatedPage(path);
        resolve(false);
        return result;
      }
      const identity = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const name of pageHeaders) {
        const value = response.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      void Promise.all([
        gzip(identity, { level: 9 }),
        brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
      ]).then(
        ([gzipped, brotlied]) => {
          const expiresAt = rendered?.milliseconds !== undefined ? Date.now() + rendered.milliseconds : undefined;
          resolve(putCachedPage(path, { headers, identity, gzip: gzipped, br: brotlied, expiresAt }, generation));
        },
        () => resolve(false),
      );
      return result;
    }) as typeof response.end;
  });
}

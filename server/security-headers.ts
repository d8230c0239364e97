import type http from 'node:http';
import { contentSecurityPolicy, nextScriptHashes, securityHeaders } from '../lib/security-headers';
import { answerEncoding, compress, isCompressible } from './compression';
import { isRouterRequest } from './next-internals';

// Every answer leaves with lib/security-headers.ts's headers: Next's pages, route handlers, static
// files and errors, and the pages the edge sends from its cache (writeHead merges them in, and the
// kept page carries the Content-Security-Policy made when it was kept). An HTML page Next sends is
// held until its end, as the hashes of its inline scripts must be in the header before the body.
// So is any text answer whose Accept-Encoding the edge took away on its way to Next (a page, or one
// the page cache keeps): held, it is compressed as the reader accepts (server/compression.ts).

function isNavigation(request: http.IncomingMessage): boolean {
  return String(request.headers.accept ?? '').includes('text/html') && !isRouterRequest(Object.keys(request.headers));
}

/**
 * For a page request on its way to Next: Next would compress the page, which hides its scripts. A
 * page is small, nginx in front compresses it, and the edge keeps public pages compressed itself.
 */
export function askForUncompressedPage(request: http.IncomingMessage): void {
  if (isNavigation(request)) delete request.headers['accept-encoding'];
}

/** Adds a request header to Vary, keeping those Next named (rsc, next-router-state-tree…). */
function addVary(response: http.ServerResponse, name: string): void {
  const current = [response.getHeader('vary') ?? ''].flat().join(',');
  const names = current.split(',').map((part) => part.trim()).filter(Boolean);
  if (!names.some((part) => part.toLowerCase() === name.toLowerCase() || part === '*')) names.push(name);
  response.setHeader('Vary', names.join(', '));
}

export function applySecurityHeaders(request: http.IncomingMessage, response: http.ServerResponse): void {
  const pathname = (request.url ?? '/').split('?')[0] ?? '/';
  // The reader's own, before the edge takes it from a request for Next (askForUncompressedPage,
  // capturePage): then the compression is ours to do.
  const acceptEncoding = request.headers['accept-encoding'];
  const encodingTakenAway = () => acceptEncoding !== undefined && request.headers['accept-encoding'] === undefined;
  for (const [name, value] of Object.entries(securityHeaders(pathname))) response.setHeader(name, value);

  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => http.ServerResponse;
  const flushHeaders = response.flushHeaders.bind(response);
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => http.ServerResponse;
  let holding: boolean | undefined;
  let heldHead: unknown[] | undefined;
  const chunks: Buffer[] = [];
  const contentType = () => String(response.getHeader('content-type') ?? '');
  const holds = () =>
    (holding ??=
      !response.headersSent &&
      !response.hasHeader('content-encoding') &&
      (contentType().startsWith('text/html') || (encodingTakenAway() && isCompressible(contentType()))));
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk && typeof chunk !== 'function') {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
    }
  };

  // Next's compression sends the head before the first byte (writeHead, through _implicitHeader).
  response.writeHead = ((...args: unknown[]) => {
    if (!holds()) return writeHead(...args);
    heldHead = args;
    return response;
  }) as typeof response.writeHead;
  response.flushHeaders = () => {
    if (!holds()) flushHeaders();
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!holds()) return write(chunk, ...rest);
    keep(chunk, rest[0]);
    const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof response.write;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (!holds()) return end(chunk, ...rest);
    keep(chunk, rest[0]);
    holding = false;
    const page = Buffer.concat(chunks);
    if (contentType().startsWith('text/html')) {
      // A 304 without the policy leaves the reader's copy with the one that has its hashes.
      if (response.statusCode === 304) response.removeHeader('Content-Security-Policy');
      else response.setHeader('Content-Security-Policy', contentSecurityPolicy(pathname, nextScriptHashes(page.toString('utf8'))));
    }
    const callback = [chunk, ...rest].find((item) => typeof item === 'function') as (() => void) | undefined;
    const send = (body: Buffer) => {
      if (response.hasHeader('content-length') && request.method !== 'HEAD') response.setHeader('Content-Length', body.length);
      if (heldHead) writeHead(...heldHead);
      end(body, callback);
    };
    const encoding = encodingTakenAway() && request.method !== 'HEAD' && response.statusCode !== 304
      ? answerEncoding(acceptEncoding, contentType(), page.length)
      : 'identity';
    if (encodingTakenAway()) addVary(response, 'Accept-Encoding');
    if (encoding === 'identity') {
      send(page);
      return response;
    }
    compress(page, encoding).then(
      (compressed) => {
        response.setHeader('Content-Encoding', encoding);
        // Its length now, whether or not Next gave one (it may have been chunked).
        response.setHeader('Content-Length', compressed.length);
        send(compressed);
      },
      () => send(page),
    );
    return response;
  }) as typeof response.end;
}

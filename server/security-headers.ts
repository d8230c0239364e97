import type http from 'node:http';
import { contentSecurityPolicy, nextScriptHashes, securityHeaders } from '../lib/security-headers';
import { isRouterRequest } from './next-internals';

// Every answer leaves with lib/security-headers.ts's headers: Next's pages, route handlers, static
// files and errors, and the pages the edge sends from its cache (writeHead merges them in, and the
// kept page carries the Content-Security-Policy made when it was kept). An HTML page Next sends is
// held until its end, as the hashes of its inline scripts must be in the header before the body.

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

export function applySecurityHeaders(request: http.IncomingMessage, response: http.ServerResponse): void {
  const pathname = (request.url ?? '/').split('?')[0] ?? '/';
  for (const [name, value] of Object.entries(securityHeaders(pathname))) response.setHeader(name, value);

  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => http.ServerResponse;
  const flushHeaders = response.flushHeaders.bind(response);
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => http.ServerResponse;
  let holding: boolean | undefined;
  let heldHead: unknown[] | undefined;
  const chunks: Buffer[] = [];
  const holds = () =>
    (holding ??=
      !response.headersSent &&
      !response.hasHeader('content-encoding') &&
      String(response.getHeader('content-type') ?? '').startsWith('text/html'));
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
    // A 304 without the policy leaves the reader's copy with the one that has its hashes.
    if (response.statusCode === 304) response.removeHeader('Content-Security-Policy');
    else response.setHeader('Content-Security-Policy', contentSecurityPolicy(pathname, nextScriptHashes(page.toString('utf8'))));
    if (response.hasHeader('content-length') && request.method !== 'HEAD') response.setHeader('Content-Length', page.length);
    if (heldHead) writeHead(...heldHead);
    const callback = [chunk, ...rest].find((item) => typeof item === 'function');
    return end(page, callback);
  }) as typeof response.end;
}

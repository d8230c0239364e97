import type http from 'node:http';
import { isNotModified } from '../lib/http-validators';
import type { CachedPage } from './page-cache';

// How a kept page is sent: the encoding the reader accepts (the bytes were compressed once, when
// kept), 304 when the reader has this version already (by entity tag, else by date), headers only for HEAD.

export type Encoding = 'br' | 'gzip' | 'identity';

/** What the page cache says it did: HIT from its cache, STALE while one request renders the page again. */
export type CacheState = 'HIT' | 'STALE' | 'MISS';

export const cacheStateHeader = 'x-margin-cache';

/**
 * The best encoding the Accept-Encoding header allows: the reader's highest q-value, ties broken
 * by size (br, then gzip). No header means identity; `*` stands for every compression not named.
 */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): Encoding {
  const weights = new Map<string, number>();
  for (const part of [acceptEncoding ?? ''].flat().join(',').split(',')) {
    const [name = '', ...parameters] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = parameters.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  // The plain bytes are always acceptable, and preferred only when the reader names them.
  const weightOf = (encoding: Encoding) =>
    encoding === 'identity' ? (weights.get('identity') ?? 0.001) : (weights.get(encoding) ?? weights.get('*') ?? 0);
  let best: Encoding = 'identity';
  let bestWeight = 0;
  for (const encoding of ['br', 'gzip', 'identity'] as const) {
    if (weightOf(encoding) > bestWeight) [best, bestWeight] = [encoding, weightOf(encoding)];
  }
  return best;
}

export type Answer = { status: 200 | 304; headers: Record<string, string | number>; body: Buffer | null };

/** The answer to a GET or HEAD for a kept page. */
export function answerFromCache(
  request: { method?: string; headers: http.IncomingHttpHeaders },
  page: CachedPage,
  state: CacheState,
): Answer {
  const headers: Record<string, string | number> = { ...page.headers, vary: 'Accept-Encoding', [cacheStateHeader]: state };
  const conditional = { ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'] };
  if (isNotModified(conditional, { etag: page.headers.etag, lastModified: page.headers['last-modified'] })) {
    return { status: 304, headers, body: null };
  }
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  const body = encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.identity;
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  headers['content-length'] = body.length;
  return { status: 200, headers, body: request.method === 'HEAD' ? null : body };
}

export function sendFromCache(request: http.IncomingMessage, response: http.ServerResponse, page: CachedPage, state: CacheState): void {
  const answer = answerFromCache(request, page, state);
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body ?? undefined);
}

import { isRouterRequest } from './next-internals';

// Which requests the page cache answers: shared pages (the front page, articles and their comment
// pages), the same bytes for every reader.

export type RequestLine = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };

const sharedPage = /^\/(?:articles\/[a-z0-9-]+(?:\/comments\/\d+)?)?$/;

/** The cache key (the path) of a request for a shared page, or null. */
export function cacheablePath(request: RequestLine): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = request.url ?? '';
  if (!sharedPage.test(url)) return null;
  if (isRouterRequest(Object.keys(request.headers))) return null;
  // A reader without JavaScript who has held comments is sent to their own page by proxy.ts.
  if (/(?:^|;\s*)margin_plain=/.test(String(request.headers.cookie ?? ''))) return null;
  return url;
}

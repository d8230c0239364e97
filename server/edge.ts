import type http from 'node:http';
import type { TrustedProxy } from '../lib/client-address';
import { bodyLimitFor, limitBody } from './body-limit';
import { cacheablePath, cachePolicy, frontPageMilliseconds, isSharedUncachedPage } from './cacheable';
import { capturePage, markPublic } from './capture';
import { stampClientAddress } from './client-stamp';
import { cacheStateHeader, sendFromCache } from './encoding';
import { catchUpWithOtherServers } from './invalidation';
import { getCachedPage } from './page-cache';
import { applySecurityHeaders, askForUncompressedPage } from './security-headers';
import { sharedCacheControl, shortenSharedCaching } from './shared-cache';

// What stands between a reader's connection and Next: the security headers, the body limit, the
// page cache, the Cache-Control that caches in front get, and the client address stamp.

export type EdgeOptions = {
  /** Next's request handler (app.getRequestHandler()). */
  handle: (request: http.IncomingMessage, response: http.ServerResponse) => unknown;
  trustedProxies: TrustedProxy[];
  sharedCacheSeconds: number;
  /** Off: every request goes to Next (MARGIN_PAGE_CACHE=off). */
  pageCache: boolean;
};

export { frontPageMilliseconds };

export function createEdge(options: EdgeOptions): http.RequestListener {
  // Pages Next renders per request are public all the same: the same for every reader.
  const publicCacheControl = sharedCacheControl(options.sharedCacheSeconds);
  /** Stale pages being rendered again, each by one request. */
  const rendering = new Set<string>();

  /** `upToDate`: this server has heard every other server's changes (server/invalidation.ts). */
  function serve(request: http.IncomingMessage, response: http.ServerResponse, upToDate: boolean) {
    const path = cacheablePath(request);
    const policy = path ? cachePolicy(path) : null;
    const useCache = options.pageCache && upToDate;
    if (path && useCache) {
      const cached = getCachedPage(path);
      if (cached && !cached.stale) return sendFromCache(request, response, cached.page, 'HIT');
      // A stale page (outdated by a change, or a short-lived page past its time) is still served
      // while one request renders its successor: a stampede of renders after each approval would
      // cost more CPU and memory than the whole server otherwise needs.
      if (cached && rendering.has(path)) return sendFromCache(request, response, cached.page, 'STALE');
      response.setHeader(cacheStateHeader, 'MISS');
    }
    shortenSharedCaching(response, options.sharedCacheSeconds);
    // Only a GET fills the cache: the answer to a HEAD has no body to keep.
    if (path && useCache && request.method === 'GET') {
      const rendered = policy?.kind === 'rendered' ? { cacheControl: publicCacheControl, milliseconds: policy.milliseconds } : undefined;
      const capturing = capturePage(path, request, response, rendered);
      // Until its successor is kept (compressed), not merely sent: one render per change.
      if (getCachedPage(path)) {
        rendering.add(path);
        void capturing.finally(() => rendering.delete(path));
      }
    } else if (policy?.kind === 'rendered' || (!path && isSharedUncachedPage(request.url ?? ''))) {
      markPublic(response, publicCacheControl);
    }
    stampClientAddress(request, options.trustedProxies);
    askForUncompressedPage(request);
    void options.handle(request, response);
  }

  // Another server's change empties pages here (and Next's kept pages) before one is served;
  // unheard, nothing is served from the page cache.
  function serveCaughtUp(request: http.IncomingMessage, response: http.ServerResponse) {
    const caughtUp = catchUpWithOtherServers();
    if (typeof caughtUp === 'boolean') serve(request, response, caughtUp);
    else void caughtUp.then((upToDate) => serve(request, response, upToDate));
  }

  return (request, response) => {
    applySecurityHeaders(request, response);
    limitBody(request, response, () => serveCaughtUp(request, response), { limit: bodyLimitFor(request.method, request.url, request.headers['content-type']) });
  };
}

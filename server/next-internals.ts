import path from 'node:path';
import { tagsManifest } from 'next/dist/server/lib/incremental-cache/tags-manifest.external.js';

// What the serving edge relies on in Next 16 beyond its public API (next(), prepare(),
// getRequestHandler()). Each is checked by a test, so that a Next upgrade which changes one fails
// a test instead of serving wrong pages: server/next-internals.test.ts reads node_modules/next,
// e2e/next-start.spec.ts asks a plain `next start`, e2e/cache.spec.ts the built site behind the edge.
//
// 1. Next keeps the pages it renders for ISR routes on disk in .next/server/route-cache and reads
//    them back after a restart (next/dist/server/lib/route-cache-key.js, ROUTE_CACHE_DIRECTORY).
//    They belong to one database: server/route-cache.ts empties the folder for another one.
// 2. A router request (RSC payload, prefetch, server action, HMR refresh) goes to the page's own
//    path and differs only in its request headers: `rsc` and names that begin `next-`
//    (next/dist/client/components/app-router-headers.js). Such a request is never answered from,
//    or kept in, the page cache. A `?_rsc=` query makes another URL, which is not cached anyway.
// 3. A page kept until revalidated is answered `Cache-Control: s-maxage=31536000` (one year,
//    CACHE_ONE_YEAR_SECONDS; no `private`); a page rendered per request `private, no-cache, no-store`
//    (next/dist/server/lib/cache-control.js).
//    server/shared-cache.ts shortens the first for caches in front; the front page gets a public
//    header of ours while it is kept one second.
// 4. Next answers through response.setHeader(), response.write() and response.end() of the Node
//    response, not writeHead(status, headers): wrapping those three sees every header and byte
//    (server/shared-cache.ts, server/capture.ts). Checked by a MISS followed by a HIT.
// 5. `x-nextjs-prerender` and `x-nextjs-stale-time` belong with a page's bytes; a kept page keeps them.
// 6. Under `next start` Next fills in X-Forwarded-For from the socket only when the client sent
//    none (base-server.js, `??=`): the client's own header reaches the app and proves nothing.
//    server/client-stamp.ts does not rely on it.
// 7. revalidatePath(path) marks the tag `_N_T_<path>` expired in Next's tag manifest, a Map in
//    next/dist/server/lib/incremental-cache/tags-manifest.external.js that every bundle shares
//    (".external" modules are required, never bundled); a kept page carrying that tag (x-next-cache-
//    tags: every page is tagged with its own path) is rendered again on its next request. It also
//    keeps a 404 for an article path. revalidatePath needs a request, so the publication timer, which
//    has none, and a server applying another server's invalidation write the same mark with
//    expireNextTags(pathTags(…)) (checked against Next's own reader of the
//    manifest in next-internals.test.ts, and by e2e/newsroom-reading.spec.ts end to end).

/** Where Next keeps rendered pages across restarts, inside its build folder (.next). */
export function routeCacheFolder(buildFolder: string): string {
  return path.join(buildFolder, 'server', 'route-cache');
}

/** Headers of a router request or an action: another response for the same path. */
export function isRouterRequest(headerNames: string[]): boolean {
  return headerNames.some((name) => name === 'rsc' || name.startsWith('next-'));
}

/** A page Next keeps until it is revalidated: public, with a shared-cache lifetime. */
export function isKeptUntilRevalidated(cacheControl: string): boolean {
  return /\bs-maxage=/.test(cacheControl) && !/\bprivate\b/.test(cacheControl);
}

/** Response headers that go with a page's bytes when the page cache keeps it. */
export const pageHeaders = [
  'content-type',
  'cache-control',
  'etag',
  'last-modified',
  'x-nextjs-prerender',
  'x-nextjs-stale-time',
  // Not Next's: it holds the hashes of this page's inline scripts (server/security-headers.ts).
  'content-security-policy',
] as const;

/** The prefix of the tag Next gives every kept page for its own path (NEXT_CACHE_IMPLICIT_TAG_ID). */
export const implicitTagPrefix = '_N_T_';

/**
 * The tags revalidatePath(path, type) expires (next/dist/server/web/spec-extension/revalidate.js):
 * the implicit tag of the path, with `/page` or `/layout` for a route pattern or a layout.
 */
export function pathTags(pagePath: string, type?: 'page' | 'layout'): string[] {
  const trimmed = pagePath.length > 1 ? pagePath.replace(/\/+$/, '') : pagePath;
  let tag = `${implicitTagPrefix}${trimmed}`;
  if (type) tag += `${tag.endsWith('/') ? '' : '/'}${type}`;
  if (tag === `${implicitTagPrefix}/`) return [tag, `${implicitTagPrefix}/index`];
  return [tag];
}

/**
 * Next's kept pages carrying these tags are rendered again on their next request, as revalidatePath
 * would make them, but callable outside a request (a timer, another server's invalidation). For
 * Next's default cache in this process.
 */
export function expireNextTags(tags: readonly string[], now = Date.now()): void {
  for (const tag of tags) tagsManifest.set(tag, { ...tagsManifest.get(tag), expired: now });
}

import type http from 'node:http';
import { isKeptUntilRevalidated } from './next-internals';

// Next's own cache keeps a public page until a moderation event revalidates it, and says so with
// s-maxage=31536000. A cache in front of us (nginx, a CDN) hears of no such event, so it is told a
// short lifetime instead (SHARED_CACHE_SECONDS). Private and no-store answers pass unchanged.

export function sharedCacheControl(seconds: number): string {
  return `public, max-age=0, s-maxage=${seconds}, stale-while-revalidate=${seconds}`;
}

/** The Cache-Control a shared cache in front gets for the one Next set. */
export function shortenedCacheControl(value: string, seconds: number): string {
  return isKeptUntilRevalidated(value) ? sharedCacheControl(seconds) : value;
}

/** Rewrites the Cache-Control header Next sets on this response (see next-internals.ts, 4). */
export function shortenSharedCaching(response: http.ServerResponse, seconds: number): void {
  const setHeader = response.setHeader.bind(response);
  response.setHeader = (name, value) =>
    setHeader(name, name.toLowerCase() === 'cache-control' ? shortenedCacheControl(String(value), seconds) : value);
}

import { isSlug } from './paths';

// The cookies that make a page personal to one browser, named once. proxy.ts's matcher must spell
// them out literally; app/proxy-matcher.test.ts checks it spells these.

/** The httpOnly random token that finds a browser's own held comments (only its hash is stored). */
export const readerCookieName = 'margin_reader';

// Which articles this browser has held comments on: read by the page's script (to ask for them)
// and by the proxy. Slugs only; the comments themselves are found by the httpOnly reader token.
export const heldCookieName = 'margin_held';
// Set when the browser posted a plain form (no JavaScript): the proxy then serves it the
// server-rendered personal page, since its script will not ask for the held comments.
export const plainFormCookieName = 'margin_plain';

export function heldSlugsOf(value: string | undefined): string[] {
  return (value ?? '').split('.').filter(isSlug);
}

/** How long the held-list lasts: a month, renewed by each comment. */
export const heldCookieMaxAge = 30 * 86_400;

/** The held-list with this article last (the newest 20 kept), set by the server or by the page's script. */
export function withHeldSlug(value: string | undefined, slug: string): string {
  const slugs = heldSlugsOf(value).filter((s) => s !== slug);
  slugs.push(slug);
  return slugs.slice(-20).join('.');
}

export function heldSlugsInCookies(cookieHeader: string): string[] {
  const entry = cookieHeader.split(/;\s*/).find((part) => part.startsWith(`${heldCookieName}=`));
  return heldSlugsOf(entry?.slice(heldCookieName.length + 1));
}

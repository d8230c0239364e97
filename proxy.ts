import { NextResponse, type NextRequest } from 'next/server';
import { heldCookieName, heldSlugsOf } from '@/app/_lib/held-cookie';

// Only a reader with a held comment of their own on this article leaves the shared cached page:
// the matcher skips the proxy entirely for everyone without the cookie.
export function proxy(request: NextRequest) {
  const slug = /^\/articles\/([a-z0-9-]+)\/?$/.exec(request.nextUrl.pathname)?.[1];
  if (slug && heldSlugsOf(request.cookies.get(heldCookieName)?.value).includes(slug)) {
    const url = request.nextUrl.clone();
    url.pathname = `/articles/${slug}/respond`;
    return NextResponse.rewrite(url);
  }
  return NextResponse.next();
}

export const config = {
  matcher: [{ source: '/articles/:slug', has: [{ type: 'cookie', key: 'margin_held' }] }],
};

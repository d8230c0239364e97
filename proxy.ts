import { NextResponse, type NextRequest } from 'next/server';
import { siteAddress } from '@/lib/config';
import { heldCookieName, heldSlugsOf } from '@/lib/cookies';
import { parseArticlePath } from '@/lib/paths';

const sessionCookies = ['authjs.session-token', '__Secure-authjs.session-token'];

// Routing only, never a guard: admin pages and actions check the session themselves.
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  // WordPress's /?p=123 (an imported site's old links): its own page finds where the post is now.
  if (pathname === '/' && request.nextUrl.searchParams.has('p')) {
    const url = request.nextUrl.clone();
    url.pathname = '/old-address';
    return NextResponse.rewrite(url);
  }
  // /admin/confirm opens from a moderator's email: its signed link may stand in for a session (the page checks).
  if ((pathname === '/admin' || pathname.startsWith('/admin/')) && pathname !== '/admin/confirm') {
    if (!sessionCookies.some((name) => request.cookies.has(name))) {
      const login = siteAddress('/login');
      login.searchParams.set('callbackUrl', pathname + request.nextUrl.search);
      return NextResponse.redirect(login);
    }
    return NextResponse.next();
  }
  // Only a reader without JavaScript who has a held comment on this article leaves the shared
  // cached page (a reader with JavaScript gets theirs from /api/held).
  const article = parseArticlePath(pathname);
  if (article && heldSlugsOf(request.cookies.get(heldCookieName)?.value).includes(article.slug)) {
    const url = request.nextUrl.clone();
    url.pathname = `/articles/${article.slug}/respond`;
    if (article.page !== null) url.searchParams.set('page', String(article.page));
    if (article.order !== 'oldest') url.searchParams.set('order', article.order);
    return NextResponse.rewrite(url);
  }
  return NextResponse.next();
}

// The matcher must be literal (Next reads it at build time): app/proxy-matcher.test.ts checks that
// 'margin_held' is heldCookieName and 'margin_plain' plainFormCookieName.
export const config = {
  matcher: [
    { source: '/', has: [{ type: 'query', key: 'p' }] },
    '/admin',
    '/admin/:path*',
    {
      source: '/articles/:slug',
      has: [
        { type: 'cookie', key: 'margin_held' },
        { type: 'cookie', key: 'margin_plain' },
      ],
    },
    {
      source: '/articles/:slug/comments/:page',
      has: [
        { type: 'cookie', key: 'margin_held' },
        { type: 'cookie', key: 'margin_plain' },
      ],
    },
    {
      source: '/articles/:slug/comments/newest/:page',
      has: [
        { type: 'cookie', key: 'margin_held' },
        { type: 'cookie', key: 'margin_plain' },
      ],
    },
  ],
};

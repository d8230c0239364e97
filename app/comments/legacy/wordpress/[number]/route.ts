import { NextResponse } from 'next/server';
import { siteAddress } from '@/lib/config';
import { articlePath, commentPagePath, isSlug } from '@/lib/paths';
import { findCommentPlace } from '@/db/queries/comments';
import { findWordpressComment } from '@/db/queries/imports';
import { getDiscussionSettings } from '@/db/queries/settings';

// An old WordPress link's #comment-N, sent here by the article page's script (the fragment never
// reaches a server): /comments/legacy/wordpress/45?article=SLUG → the page that shows the Margin
// comment WordPress's comment 45 became, or the article itself when it is not public.
export async function GET(request: Request, { params }: RouteContext<'/comments/legacy/wordpress/[number]'>) {
  const { number } = await params;
  const slug = new URL(request.url).searchParams.get('article') ?? '';
  if (!/^\d{1,19}$/.test(number) || !isSlug(slug)) return new NextResponse('That comment is not on the site.', { status: 404 });
  const id = await findWordpressComment(slug, number);
  const place = id === null ? null : await findCommentPlace(id, await getDiscussionSettings());
  const target = place ? `${commentPagePath(place.slug, place.page)}#comment-${id}` : `${articlePath(slug)}#`;
  return NextResponse.redirect(siteAddress(target), 307);
}

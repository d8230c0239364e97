import { NextResponse } from 'next/server';
import { siteAddress } from '@/lib/config';
import { findCommentPlace } from '@/db/queries/comments';
import { commentPagePath } from '@/lib/paths';
import { getDiscussionSettings } from '@/db/queries/settings';

// A permalink that works across comment pages: /comments/123 → the page that shows comment 123,
// in the default order (oldest first).
export async function GET(_request: Request, { params }: RouteContext<'/comments/[id]'>) {
  const id = Number((await params).id);
  const settings = await getDiscussionSettings();
  const place = Number.isSafeInteger(id) && id > 0 ? await findCommentPlace(id, settings) : null;
  if (!place) return new NextResponse('That comment is not on the site.', { status: 404 });
  return NextResponse.redirect(siteAddress(`${commentPagePath(place.slug, place.page)}#comment-${id}`), 307);
}

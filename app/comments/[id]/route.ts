import { NextResponse, type NextRequest } from 'next/server';
import { findCommentPermalink } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';

// A permalink that works across comment pages: /comments/123 → the page that shows comment 123.
export async function GET(request: NextRequest, { params }: RouteContext<'/comments/[id]'>) {
  const id = Number((await params).id);
  const settings = getDiscussionSettings();
  const target = Number.isSafeInteger(id) && id > 0 ? findCommentPermalink(id, settings) : null;
  if (!target) return new NextResponse('That comment is not on the site.', { status: 404 });
  return NextResponse.redirect(new URL(`${target}#comment-${id}`, request.url), 307);
}

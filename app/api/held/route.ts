import { NextResponse, type NextRequest } from 'next/server';
import { listReaderHeldComments } from '@/db/queries/comments';
import { listOwnComments } from '@/db/queries/own-comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { getReaderToken } from '@/app/_lib/reader';

// This browser's own comments on one article, asked for by the shared cached page's script: the
// held ones (shown to it alone) and those it may still edit or delete (ids and times, nothing else).
export async function GET(request: NextRequest) {
  const articleId = Number(request.nextUrl.searchParams.get('article'));
  const token = await getReaderToken();
  const known = Number.isSafeInteger(articleId) && articleId > 0 && token;
  const comments = known ? await listReaderHeldComments(articleId, token) : [];
  const own = known ? await listOwnComments(articleId, token, (await getDiscussionSettings()).ownEditMinutes) : [];
  return NextResponse.json({ comments, own }, { headers: { 'Cache-Control': 'private, no-store' } });
}

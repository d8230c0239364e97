import { NextResponse, type NextRequest } from 'next/server';
import { listReaderHeldComments } from '@/db/queries/comments';
import { getReaderToken } from '@/app/_lib/reader';

// The reader's own held comments on one article, asked for by the shared cached page's script.
export async function GET(request: NextRequest) {
  const articleId = Number(request.nextUrl.searchParams.get('article'));
  const token = await getReaderToken();
  const comments = Number.isSafeInteger(articleId) && articleId > 0 && token ? await listReaderHeldComments(articleId, token) : [];
  return NextResponse.json({ comments }, { headers: { 'Cache-Control': 'private, no-store' } });
}

import { NextResponse, type NextRequest } from 'next/server';
import { issueFormToken } from '@/lib/form-token';
import { ensureReaderToken } from '@/app/_lib/reader';

// A fresh form token for one reader, fetched by the form after the cached page loads. It also gives
// the browser its reader token when it has none: the post with JavaScript then sets no cookie, and
// Next answers it with the form's state instead of rendering the page again.
export async function GET(request: NextRequest) {
  const articleId = Number(request.nextUrl.searchParams.get('article'));
  if (!Number.isSafeInteger(articleId) || articleId < 1) {
    return NextResponse.json({ error: 'Unknown article.' }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
  await ensureReaderToken();
  return NextResponse.json(
    { token: issueFormToken(articleId) },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

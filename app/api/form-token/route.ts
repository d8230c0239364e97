import { NextResponse, type NextRequest } from 'next/server';
import { issueFormToken } from '@/lib/form-token';

// A fresh form token for one reader, fetched by the form after the cached page loads.
export function GET(request: NextRequest) {
  const articleId = Number(request.nextUrl.searchParams.get('article'));
  if (!Number.isSafeInteger(articleId) || articleId < 1) {
    return NextResponse.json({ error: 'Unknown article.' }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
  return NextResponse.json(
    { token: issueFormToken(articleId) },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

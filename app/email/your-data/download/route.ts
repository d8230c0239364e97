import type { NextRequest } from 'next/server';
import { plainAnswer, readerDataDownload } from '@/app/_lib/reader-data-download';
import { getReaderData } from '@/db/queries/reader-data';
import { checkAddressLink } from '@/lib/mail-links';
import { ReaderDataLinkInput } from '@/lib/schemas';

// A reader's comments as JSON or a web page, for the holder of the emailed link alone.
export async function GET(request: NextRequest) {
  const query = request.nextUrl.searchParams;
  const parsed = ReaderDataLinkInput.safeParse({ token: query.get('token'), format: query.get('format') ?? undefined });
  if (!parsed.success) return plainAnswer(400, 'This download link is not valid.');
  const link = checkAddressLink(parsed.data.token, 'data');
  if (!link.ok) return plainAnswer(400, link.reason === 'expired' ? 'This link has expired: ask for a new one.' : 'This download link is not valid.');
  return readerDataDownload(await getReaderData({ kind: 'reader' }, link.email), parsed.data.format);
}

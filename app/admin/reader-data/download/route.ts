import type { NextRequest } from 'next/server';
import { plainAnswer, readerDataDownload } from '@/app/_lib/reader-data-download';
import { getStaff } from '@/app/_lib/session';
import { getReaderData, logReaderDataDownload } from '@/db/queries/reader-data';
import { can } from '@/lib/accounts';
import { checkAddressLink } from '@/lib/mail-links';
import { ReaderDataLinkInput } from '@/lib/schemas';

// An admin's download of a reader's comments (a request by post or phone): admins only, logged.
export async function GET(request: NextRequest) {
  const staff = await getStaff();
  if (!staff || !can(staff.role, 'administer')) return plainAnswer(403, 'Admins only.');
  const query = request.nextUrl.searchParams;
  const parsed = ReaderDataLinkInput.safeParse({ token: query.get('token'), format: query.get('format') ?? undefined });
  const link = parsed.success ? checkAddressLink(parsed.data.token, 'staff-data') : null;
  if (!parsed.success || !link?.ok) return plainAnswer(400, 'This look-up has expired or is not valid: enter the address again.');
  const actor = { kind: 'staff', staff } as const;
  const data = await getReaderData(actor, link.email);
  logReaderDataDownload(actor, data, parsed.data.format);
  return readerDataDownload(data, parsed.data.format);
}

import { NextResponse, type NextRequest } from 'next/server';
import { stopAllMail } from '@/db/queries/mail';
import { turnOffHeldMail } from '@/db/queries/held-mail';
import { siteAddress } from '@/lib/config';
import { checkMailLink } from '@/lib/mail-links';
import { MailLinkInput } from '@/lib/schemas';

// The List-Unsubscribe address of every email. RFC 8058: a mail client POSTs
// "List-Unsubscribe=One-Click" here and the address hears no more, with no page to visit. The
// signed token names the one address it stops. A browser's GET gets the manage page instead:
// a GET never changes anything.

function linkFrom(request: NextRequest) {
  const parsed = MailLinkInput.safeParse({ token: request.nextUrl.searchParams.get('token') });
  return parsed.success ? { token: parsed.data.token, check: checkMailLink(parsed.data.token, 'manage') } : null;
}

const plain = (status: number, text: string) =>
  new NextResponse(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' } });

export async function POST(request: NextRequest) {
  const link = linkFrom(request);
  // A member of staff's link (purpose `staff`) turns off their email about held comments.
  const staff = link && !link.check.ok ? checkMailLink(link.token, 'staff') : null;
  if (staff?.ok) {
    await turnOffHeldMail(staff.addressKey);
    return plain(200, 'Unsubscribed: no more email about held comments will be sent to this address.');
  }
  if (!link?.check.ok) return plain(400, 'This unsubscribe link is not valid or has expired.');
  await stopAllMail(link.check.addressKey);
  return plain(200, 'Unsubscribed: no more email will be sent to this address.');
}

export async function GET(request: NextRequest) {
  const link = linkFrom(request);
  if (link && !link.check.ok && checkMailLink(link.token, 'staff').ok) return NextResponse.redirect(siteAddress('/admin/account'), 303);
  return NextResponse.redirect(siteAddress(link ? `/email/manage?token=${encodeURIComponent(link.token)}` : '/email/manage'), 303);
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { checkMailLink } from '@/lib/mail-links';
import { confirmEmail } from '../actions';
import { BrokenLink } from '../_components/broken-link';

export const metadata: Metadata = { title: 'Confirm your email', robots: { index: false } };

// A link in an email changes nothing by itself (a mail scanner may open it): the reader presses
// the button, which posts the signed token.
export default async function ConfirmEmailPage({ searchParams }: PageProps<'/email/confirm'>) {
  const { token, done, invalid } = await searchParams;
  if (done === '1') {
    return (
      <div className="login">
        <h1>Your email is confirmed</h1>
        <p>You will hear by email when someone replies to a comment for which you asked. Every email has a link to stop them.</p>
        <p><Link href="/">Back to the front page</Link></p>
      </div>
    );
  }
  const check = typeof token === 'string' && invalid === undefined ? checkMailLink(token, 'confirm') : null;
  if (!check?.ok) {
    return (
      <BrokenLink
        reason={check?.reason}
        expired="The confirmation link has expired. Tick “Notify me of replies by email” on your next comment to get a new one."
        otherwise="The confirmation link is incomplete or not valid. Copy the whole link from the email, or ask for a new one with your next comment."
      />
    );
  }
  return (
    <div className="login">
      <h1>Confirm your email</h1>
      <p>Press the button to receive an email when someone replies to your comment. Nothing is sent until you do.</p>
      <form action={confirmEmail}>
        <input type="hidden" name="token" value={token as string} />
        <button type="submit">Confirm my email address</button>
      </form>
    </div>
  );
}

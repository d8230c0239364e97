import type { Metadata } from 'next';
import { getAddressSubscriptions } from '@/db/queries/mail';
import { getSiteSettings } from '@/db/queries/settings';
import { formatDateTime } from '@/lib/format';
import { checkMailLink } from '@/lib/mail-links';
import { stopAllEmail, stopReplies } from '../actions';
import { BrokenLink } from '../_components/broken-link';

export const metadata: Metadata = { title: 'Your email notifications', robots: { index: false } };

// The address is never shown: the signed link names it by key only, and the page shows what
// that address receives.
export default async function ManageEmailPage({ searchParams }: PageProps<'/email/manage'>) {
  const { token, stopped } = await searchParams;
  const check = typeof token === 'string' ? checkMailLink(token, 'manage') : null;
  if (!check?.ok) {
    return (
      <BrokenLink
        reason={check?.reason}
        expired="This link has expired. The newest email we sent you has a fresh one."
        otherwise="The link is incomplete or not valid. Copy the whole link from the email."
      />
    );
  }
  const subscriptions = await getAddressSubscriptions(check.addressKey);
  const { timeZone } = await getSiteSettings();
  return (
    <div className="login">
      <h1>Your email notifications</h1>
      {stopped === 'all' ? <p role="status">Done: no more email will be sent to this address.</p> : null}
      {stopped === 'one' ? <p role="status">Done: no more replies to that comment will be sent.</p> : null}
      <p>
        {subscriptions.confirmed
          ? 'This address is confirmed: it hears of replies to the comments below.'
          : 'This address receives no notifications.'}
      </p>
      {subscriptions.comments.length > 0 ? (
        <ul>
          {subscriptions.comments.map((comment) => (
            <li key={comment.id}>
              Your comment on “{comment.headline}”, <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, timeZone)}</time>: {comment.excerpt}
              <form action={stopReplies}>
                <input type="hidden" name="token" value={token as string} />
                <input type="hidden" name="commentId" value={comment.id} />
                <button type="submit">Stop replies to this comment</button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      {subscriptions.confirmed || subscriptions.comments.length > 0 ? (
        <form action={stopAllEmail}>
          <input type="hidden" name="token" value={token as string} />
          <button type="submit">Stop all email to this address</button>
        </form>
      ) : null}
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getCommentEmailForStaff, getCommentToConfirm, isModerationLinkUsed } from '@/db/queries/moderation-links';
import { getStaff } from '@/app/_lib/session';
import { can } from '@/lib/accounts';
import { checkModerationLink } from '@/lib/mail-links';
import { confirmModeration } from './actions';

export const metadata: Metadata = { title: 'Confirm a moderation step', robots: { index: false } };

// Where a link in a moderator's email leads. Opening it changes nothing (a mail scanner may open
// it): one press of the button posts the signed token. Proxy lets it through without a session.

const outcomes: Record<string, { title: string; text: string }> = {
  approved: { title: 'Approved', text: 'The comment is published.' },
  spam: { title: 'Marked as spam', text: 'The comment is in the spam tab.' },
  'already-handled': { title: 'Already handled', text: 'Another moderator has decided on this comment already; nothing was changed.' },
  used: { title: 'This link was already used', text: 'Each link works once. Open the queue to see the comment as it is now.' },
  'not-allowed': { title: 'Not allowed', text: 'The account this link was sent to may not moderate now. Nothing was changed.' },
  expired: { title: 'This link has expired', text: 'Links in these emails work for 72 hours. Open the queue instead.' },
  invalid: { title: 'This link does not work', text: 'The link is incomplete or not valid. Copy the whole link from the email, or open the queue.' },
};

function Outcome({ name }: { name: string }) {
  const outcome = outcomes[name] ?? outcomes.invalid!;
  return (
    <div className="login">
      <h1>{outcome.title}</h1>
      <p>{outcome.text}</p>
      <p>
        <Link href="/admin">Open the queue</Link>
      </p>
    </div>
  );
}

export default async function ConfirmModerationPage({ searchParams }: PageProps<'/admin/confirm'>) {
  const { token, outcome } = await searchParams;
  if (typeof outcome === 'string') return <Outcome name={outcome} />;
  const link = checkModerationLink(token);
  if (!link.ok) return <Outcome name={link.reason === 'expired' ? 'expired' : 'invalid'} />;
  if (await isModerationLinkUsed(link.usedKey)) return <Outcome name="used" />;
  const comment = await getCommentToConfirm(link.commentId);
  if (!comment) return <Outcome name="invalid" />;
  if (comment.status !== 'pending') return <Outcome name="already-handled" />;
  const staff = await getStaff();
  const email = staff && can(staff.role, 'moderate') ? await getCommentEmailForStaff(staff, comment.id) : null;
  const step = link.intent === 'approve' ? 'Approve' : 'Mark as spam';
  return (
    <div className="login">
      <h1>{step} this comment?</h1>
      <p>
        On <Link href={`/articles/${comment.slug}`}>{comment.headline}</Link>, by <strong>{comment.authorName}</strong>
        {email && <> ({email})</>}:
      </p>
      <blockquote className="held-comment">{comment.body}</blockquote>
      <form action={confirmModeration}>
        <input type="hidden" name="token" value={token as string} />
        <button type="submit">{step}</button>
      </form>
    </div>
  );
}

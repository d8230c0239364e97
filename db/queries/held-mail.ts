import 'server-only';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import type { Db } from '@/db/handle';
import { articles, comments, users } from '@/db/schema';
import { write } from '@/db/writer';
import { assertAllowed, can, userRoles, type Staff } from '@/lib/accounts';
import { siteAddress } from '@/lib/config';
import { normalizeEmail } from '@/lib/email';
import type { HeldMailChoice } from '@/lib/held-mail';
import { emailKeyOf, signMailLink, signModerationLink, type ModerationLink } from '@/lib/mail-links';
import { heldCommentsMessage, type HeldCommentEntry, type MailContent } from '@/lib/mail-messages';
import { digestDueAt } from '@/lib/outbox';
import { queue, queueNotification } from './mail';

// Email to moderators about held comments (each account's choice) and the one-press links in it.
// The messages go to staff addresses only, and may name the commenter's email.

export const moderatingRoles = userRoles.filter((role) => can(role, 'moderate'));

export async function getHeldMailChoice(staff: Staff): Promise<HeldMailChoice> {
  assertAllowed(staff, 'moderate');
  const row = await first(getDb().select({ heldMail: users.heldMail }).from(users).where(eq(users.id, staff.id)));
  return row?.heldMail ?? 'off';
}

export async function setHeldMailChoice(staff: Staff, choice: HeldMailChoice): Promise<void> {
  assertAllowed(staff, 'moderate');
  await write((tx) => tx.update(users).set({ heldMail: choice }).where(eq(users.id, staff.id)));
}

/** The staff List-Unsubscribe link (purpose `staff`) was posted: that address hears of held comments no more. */
export async function turnOffHeldMail(addressKey: string): Promise<void> {
  await write(async (tx) => {
    const listening = await tx.select({ id: users.id, email: users.email }).from(users).where(ne(users.heldMail, 'off'));
    const ids = listening.filter((user) => emailKeyOf(user.email) === addressKey).map((user) => user.id);
    if (ids.length > 0) await tx.update(users).set({ heldMail: 'off' }).where(inArray(users.id, ids));
  });
}

type Recipient = { id: number; email: string };

/** A held comment as one moderator's email shows it, with links signed for that moderator. */
export function heldEntry(
  comment: { id: number; headline: string; authorName: string; authorEmail: string; body: string },
  moderator: Recipient,
  now: number,
): HeldCommentEntry {
  const link = (intent: ModerationLink['intent']) =>
    siteAddress(`/admin/confirm?token=${signModerationLink({ userId: moderator.id, commentId: comment.id, intent }, now)}`).href;
  return {
    headline: comment.headline,
    authorName: comment.authorName,
    authorEmail: comment.authorEmail,
    text: comment.body,
    approveUrl: link('approve'),
    spamUrl: link('spam'),
  };
}

export function heldMessage(entries: HeldCommentEntry[], more = 0): MailContent {
  return heldCommentsMessage({ entries, more, queueUrl: siteAddress('/admin').href, links: { manageUrl: siteAddress('/admin/account').href } });
}

export function staffUnsubscribeUrl(email: string, now: number): string {
  return siteAddress(`/email/unsubscribe?token=${signMailLink('staff', emailKeyOf(email), now)}`).href;
}

/** Staff who may moderate and asked for email about held comments: in the held comment's own write. */
export async function listHeldMailRecipients(tx: Db, userId?: number): Promise<(Recipient & { name: string; role: Staff['role']; heldMail: HeldMailChoice })[]> {
  return tx
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, heldMail: users.heldMail })
    .from(users)
    .where(
      and(
        ne(users.heldMail, 'off'),
        eq(users.disabled, false),
        inArray(users.role, moderatingRoles),
        ...(userId === undefined ? [] : [eq(users.id, userId)]),
      ),
    );
}

/**
 * A comment was just held for review: each moderator who asked hears of it, at once (within the
 * per-recipient hourly limit) or in the hourly digest. Called inside the post's write, or the
 * author's edit that sent a comment back to review (`occasion`: the edit's time, so that each
 * return to the queue is its own message, however many came before).
 */
export async function queueHeldCommentMail(tx: Db, commentId: number, now = Date.now(), occasion?: { editedAt: number }): Promise<void> {
  const recipients = await listHeldMailRecipients(tx);
  if (recipients.length === 0) return;
  const comment = await first(
    tx
      .select({ id: comments.id, headline: articles.headline, authorName: comments.authorName, authorEmail: comments.authorEmail, body: comments.body })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(and(eq(comments.id, commentId), eq(comments.status, 'pending'))),
  );
  if (!comment) return;
  for (const moderator of recipients) {
    if (normalizeEmail(moderator.email) === normalizeEmail(comment.authorEmail)) continue;
    const message = {
      key: occasion ? `held:${comment.id}:edit-${occasion.editedAt}:to:${moderator.id}` : `held:${comment.id}:to:${moderator.id}`,
      kind: 'held' as const,
      recipient: moderator.email,
      commentId: comment.id,
      userId: moderator.id,
      unsubscribeUrl: staffUnsubscribeUrl(moderator.email, now),
      content: heldMessage([heldEntry(comment, moderator, now)]),
      now,
    };
    if (moderator.heldMail === 'hourly') await queue(tx, { ...message, digestAt: digestDueAt(now) });
    else await queueNotification(tx, message, 'staff');
  }
}

import 'server-only';
import { and, eq, inArray, lte } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { articles, comments, usedModerationLinks, users } from '@/db/schema';
import { write } from '@/db/writer';
import { assertAllowed, can, type Staff } from '@/lib/accounts';
import { moderationLinkLifetimeMs, type ModerationLink } from '@/lib/mail-links';
import { moderatingRoles } from './held-mail';
import { setCommentStatus, type ModerationResult } from './moderation';

// The one-press links of the email about held comments (/admin/confirm). The page's shape
// (CommentToConfirm) never carries an email: that comes only from getCommentEmailForStaff, which
// checks the role, since whoever holds a link may open the page.

/** A held comment as the confirm page shows it to whoever holds the link: no email. */
export type CommentToConfirm = { id: number; status: string; headline: string; slug: string; authorName: string; body: string };

export async function getCommentToConfirm(commentId: number): Promise<CommentToConfirm | null> {
  const row = await first(
    getDb()
      .select({ id: comments.id, status: comments.status, headline: articles.headline, slug: articles.slug, authorName: comments.authorName, body: comments.body })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(eq(comments.id, commentId)),
  );
  return row ?? null;
}

/** The commenter's email, for signed-in staff who may moderate. */
export async function getCommentEmailForStaff(staff: Staff, commentId: number): Promise<string | null> {
  assertAllowed(staff, 'moderate');
  const row = await first(getDb().select({ email: comments.authorEmail }).from(comments).where(eq(comments.id, commentId)));
  return row?.email ?? null;
}

export async function isModerationLinkUsed(usedKey: string): Promise<boolean> {
  const row = await first(getDb().select({ key: usedModerationLinks.key }).from(usedModerationLinks).where(eq(usedModerationLinks.key, usedKey)));
  return row !== undefined;
}

export type LinkModerationResult = ModerationResult | { ok: false; reason: 'used' };

/**
 * One press on /admin/confirm: the link is spent (a second use is refused), then the usual
 * compare-and-set step from pending, as the signed-in moderator or else as the one the link was
 * signed for (still enabled and still allowed to moderate).
 */
export async function moderateByLink(link: ModerationLink & { usedKey: string }, signedIn: Staff | null, now = Date.now()): Promise<LinkModerationResult> {
  return write(async (tx): Promise<LinkModerationResult> => {
    let actor: Staff | null = signedIn && can(signedIn.role, 'moderate') ? signedIn : null;
    if (!actor) {
      const owner = await first(
        tx
          .select({ id: users.id, email: users.email, name: users.name, role: users.role })
          .from(users)
          .where(and(eq(users.id, link.userId), eq(users.disabled, false), inArray(users.role, moderatingRoles))),
      );
      actor = owner ?? null;
    }
    if (!actor) return { ok: false, reason: 'not-allowed' };
    const spent = await tx
      .insert(usedModerationLinks)
      .values({ key: link.usedKey, userId: link.userId, commentId: link.commentId, usedAt: new Date(now) })
      .onConflictDoNothing({ target: usedModerationLinks.key })
      .returning({ key: usedModerationLinks.key });
    if (spent.length === 0) return { ok: false, reason: 'used' };
    return setCommentStatus(actor, [link.commentId], 'pending', link.intent);
  });
}

/** Used links are kept only while they could still be presented: past their lifetime they are refused as expired anyway. */
export async function forgetUsedModerationLinks(now = Date.now()): Promise<void> {
  await write((tx) => tx.delete(usedModerationLinks).where(lte(usedModerationLinks.usedAt, new Date(now - moderationLinkLifetimeMs))));
}

import type { CommentStatus } from './comments';
import type { Verdict } from './comment-policy';

// "Your own words" (issue 12): a reader may edit or delete a comment their browser wrote, for a
// while after posting and only while no one has replied. The one rule; the data layer asks it and
// enforces the same conditions in its WHERE.

/** A comment its author may still change, and until when (ISO time). */
export type OwnComment = { id: number; until: string };

export type OwnCommentFacts = { createdAt: Date; status: CommentStatus; replies: number };
export type OwnChange = { ok: true; until: Date } | { ok: false; reason: 'gone' | 'too-late' | 'replied' };

/** Until when the author may still change a comment written at `createdAt` (exclusive). */
export function ownChangeUntil(createdAt: Date, minutes: number): Date {
  return new Date(createdAt.getTime() + minutes * 60_000);
}

export function ownChangeAllowed(facts: OwnCommentFacts, minutes: number, now: number): OwnChange {
  if (facts.status === 'trash') return { ok: false, reason: 'gone' };
  const until = ownChangeUntil(facts.createdAt, minutes);
  if (now >= until.getTime()) return { ok: false, reason: 'too-late' };
  if (facts.replies > 0) return { ok: false, reason: 'replied' };
  return { ok: true, until };
}

/**
 * Where an edited comment goes: the content rules of a new post (lib/comment-policy.ts
 * decideStatus, asked with the approval policy left out, since that was decided when it was posted)
 * can only hold it or send it to spam, never approve what a moderator has not.
 */
export function statusAfterEdit(current: { status: CommentStatus; heldReason: string | null }, verdict: Verdict): Verdict {
  if (verdict.status === 'spam') return verdict;
  if (verdict.status === 'pending' && current.status !== 'spam') return verdict;
  return { status: current.status === 'trash' ? 'pending' : current.status, heldReason: current.heldReason };
}

export const ownChangeRefusal: Record<Exclude<OwnChange, { ok: true }>['reason'] | 'not-yours', string> = {
  gone: 'This comment is no longer there.',
  'too-late': 'The time for changing this comment is over.',
  replied: 'Someone has replied to this comment, so it can no longer be changed.',
  'not-yours': 'This comment can only be changed from the browser that wrote it.',
};

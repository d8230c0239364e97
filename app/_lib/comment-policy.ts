import type { ApprovalPolicy } from '@/db/queries/settings';

export type Verdict = { status: 'pending' | 'approved'; heldReason: string | null };

const linkPattern = /\bhttps?:\/\//gi;

export function countLinks(text: string): number {
  return text.match(linkPattern)?.length ?? 0;
}

/** Why a new comment is held, or that it may go straight up; moderators read the reason. */
export function decideStatus(input: {
  policy: ApprovalPolicy;
  holdLinkCount: number;
  body: string;
  authorHasApprovedComment: boolean;
}): Verdict {
  const links = countLinks(input.body);
  if (links > input.holdLinkCount) {
    return { status: 'pending', heldReason: `${links} links` };
  }
  if (input.policy === 'all') {
    return { status: 'pending', heldReason: 'every comment is held for review' };
  }
  if (input.policy === 'first_time' && !input.authorHasApprovedComment) {
    return { status: 'pending', heldReason: 'first comment from this email' };
  }
  return { status: 'approved', heldReason: null };
}

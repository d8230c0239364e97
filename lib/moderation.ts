import { commentStatuses, type CommentStatus } from '@/lib/comments';

// Moderation as one state machine: which step is allowed from which status, where it leads and
// what it is called. The data layer (db/queries/moderation.ts), the row buttons, the bulk bar, the
// keyboard keys and the admin actions all read it; none keeps a list of its own.

/** The steps a queue row offers as buttons, in the order it shows them. */
export const moderationIntents = ['dismiss', 'approve', 'unapprove', 'notspam', 'restore', 'spam', 'trash', 'delete'] as const;
export type ModerationIntent = (typeof moderationIntents)[number];

/** The comment as the moderator saw it: its status, and whether readers' reports hide it. */
export type ModeratedComment = { status: CommentStatus; flagged: boolean };

type Rule = {
  label: string;
  from: readonly CommentStatus[];
  /** Where the step leads: a status, 'deleted' (gone for good) or 'unchanged' (the status stays). */
  to: CommentStatus | 'deleted' | 'unchanged';
  /** Applies only to a comment readers' reports took off the page. */
  flaggedOnly?: boolean;
};

const rules = {
  dismiss: { label: 'Dismiss reports', from: commentStatuses, to: 'unchanged', flaggedOnly: true },
  approve: { label: 'Approve', from: ['pending'], to: 'approved' },
  unapprove: { label: 'Unapprove', from: ['approved'], to: 'pending' },
  notspam: { label: 'Not spam', from: ['spam'], to: 'pending' },
  restore: { label: 'Restore', from: ['trash'], to: 'pending' },
  spam: { label: 'Spam', from: ['pending', 'approved'], to: 'spam' },
  trash: { label: 'Trash', from: ['pending', 'approved', 'spam'], to: 'trash' },
  delete: { label: 'Delete permanently', from: ['trash'], to: 'deleted' },
} as const satisfies Record<ModerationIntent, Rule>;

/** The steps that move a comment from one status to another (compare-and-set on the status). */
export type StatusIntent = { [I in ModerationIntent]: (typeof rules)[I]['to'] extends CommentStatus ? I : never }[ModerationIntent];

export function isStatusIntent(intent: ModerationIntent): intent is StatusIntent {
  const to: Rule['to'] = rules[intent].to;
  return to !== 'deleted' && to !== 'unchanged';
}

export function intentLabel(intent: ModerationIntent): string {
  return rules[intent].label;
}

/** The statuses a step may start from (whether it also needs the comment flagged: see `allows`). */
export function statusesAllowing(intent: ModerationIntent): readonly CommentStatus[] {
  return rules[intent].from;
}

export function needsFlagged(intent: ModerationIntent): boolean {
  const rule: Rule = rules[intent];
  return rule.flaggedOnly === true;
}

export function allows(comment: ModeratedComment, intent: ModerationIntent): boolean {
  return statusesAllowing(intent).includes(comment.status) && (comment.flagged || !needsFlagged(intent));
}

/** Where a step leads from this comment, or null when it is refused. */
export function outcomeOf(comment: ModeratedComment, intent: ModerationIntent): CommentStatus | 'deleted' | null {
  if (!allows(comment, intent)) return null;
  const to: Rule['to'] = rules[intent].to;
  return to === 'unchanged' ? comment.status : to;
}

/** The status a status step leads to. */
export function targetStatus(intent: StatusIntent): CommentStatus {
  return rules[intent].to;
}

/** The buttons of one queue row, in order. */
export function intentsFor(comment: ModeratedComment): ModerationIntent[] {
  return moderationIntents.filter((intent) => allows(comment, intent));
}

// Edit, Reply and Ban open a panel on the row. A comment in the trash is only restored or deleted.

export const rowPanels = ['edit', 'reply', 'ban'] as const;
export type RowPanel = (typeof rowPanels)[number];

const panelLabels: Record<RowPanel, string> = { edit: 'Edit', reply: 'Reply', ban: 'Ban' };
const panelsOpenFrom: readonly CommentStatus[] = ['pending', 'approved', 'spam'];

export function panelLabel(panel: RowPanel): string {
  return panelLabels[panel];
}

/** Whether a comment with this status may be edited, replied to or its author banned from its row. */
export function allowsPanels(status: CommentStatus): boolean {
  return panelsOpenFrom.includes(status);
}

export function statusesAllowingPanels(): readonly CommentStatus[] {
  return panelsOpenFrom;
}

// The queue's tabs, and what the bulk bar may offer on each.

/** The four statuses, plus comments readers reported off the page. */
export const queueTabs = ['pending', 'reported', 'approved', 'spam', 'trash'] as const;
export type QueueTab = (typeof queueTabs)[number];

export type QueueFilter = { tab: QueueTab; page: number; articleSlug?: string; query?: string };

/** One row of the queue, for moderators only: email and address included. */
export type QueueComment = {
  id: number;
  status: CommentStatus;
  heldReason: string | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  ip: string | null;
  body: string;
  createdAt: string;
  isStaff: boolean;
  flagged: boolean;
  reports: { reason: string; note: string | null; at: string }[];
  article: { slug: string; headline: string };
  parent: { id: number; authorName: string; excerpt: string } | null;
  /** `note`: for 'author-edit', the text before the author's edit. */
  log: { id: number; action: string; actor: string | null; from: string | null; to: string | null; note: string | null; at: string }[];
};

export type Queue = {
  items: QueueComment[];
  total: number;
  pageSize: number;
  counts: Record<QueueTab, number>;
  articles: { slug: string; headline: string }[];
};

/**
 * The status of every comment a tab lists. Readers can report only a public (approved) comment,
 * reportComment flags only an approved one, and every status change clears the flag: so the
 * Reported tab holds approved comments only. Were one not, the bulk step, a compare-and-set on
 * 'approved', would leave it alone and say "Already handled".
 */
const tabStatus: Record<QueueTab, CommentStatus> = {
  pending: 'pending',
  reported: 'approved',
  approved: 'approved',
  spam: 'spam',
  trash: 'trash',
};

export function statusOfTab(tab: QueueTab): CommentStatus {
  return tabStatus[tab];
}

/** The steps the bulk bar knows; it offers on each tab those that can succeed for every row. */
export const bulkMenu = ['approve', 'spam', 'trash'] as const satisfies readonly StatusIntent[];
export type BulkIntent = (typeof bulkMenu)[number];

export function bulkIntentsFor(tab: QueueTab): BulkIntent[] {
  return bulkMenu.filter((intent) => statusesAllowing(intent).includes(statusOfTab(tab)));
}

export function bulkLabel(intent: BulkIntent): string {
  return `${intentLabel(intent)} selected`;
}

// Keys on the queue: j/k move between rows; these act on the row in focus through its buttons, so
// a key does nothing where its button is not offered.

export const moderationKeys = { a: 'approve', s: 'spam', t: 'trash', r: 'reply' } as const satisfies Record<
  string,
  ModerationIntent | 'reply'
>;

/**
 * Readers' reports take a comment off the page by weight, not by head count: a reader whose browser
 * has written an approved comment here weighs 2, a stranger 1, and reporters are told apart by
 * network (IPv4 /24, IPv6 /64), so fresh addresses from one block are one stranger. "Reports before
 * review: N" is then N known readers, or twice as many strangers: three throwaway addresses can no
 * longer hide any approved comment, while the site's regulars are heard at once.
 */
export function reportWeight(reporter: { hasApprovedComment: boolean }): number {
  return reporter.hasApprovedComment ? 2 : 1;
}

export function isHiddenByReports(totalWeight: number, threshold: number): boolean {
  return totalWeight >= 2 * threshold;
}

// What a comment is, as every layer sees it. No email field: privacy by the shape of the type.

export const commentStatuses = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/**
 * What makes a comment public: approved, and not taken off the page by readers' reports. Every
 * list and count a reader sees is built from this (in SQL: db/queries/public-comment.ts).
 */
export const publicComment = { status: 'approved', flagged: false } as const satisfies { status: CommentStatus; flagged: boolean };

export function isPublic(comment: { status: CommentStatus; flagged: boolean }): boolean {
  return comment.status === publicComment.status && comment.flagged === publicComment.flagged;
}

export type PublicComment = {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  /** HMAC of the email under the server secret, cut short: draws the avatar, reveals nothing. */
  avatarKey: string;
  body: string;
  createdAt: string;
  isStaff: boolean;
  pending: boolean;
};

export type ReplyTarget = { id: number; authorName: string };

// What a comment is, as every layer sees it. No email field: privacy by the shape of the type.

export const commentStatuses = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof commentStatuses)[number];

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

'use client';

import { useDiscussion } from './discussion';

/**
 * Edit and Delete, on the comments this browser wrote and may still change: the shared page
 * carries none; the list comes from /api/held (or the personal page) and the server checks again.
 */
export function OwnCommentLinks({ commentId }: { commentId: number }) {
  const { slug, ownComments } = useDiscussion();
  if (!ownComments.some((own) => own.id === commentId)) return null;
  const page = `/articles/${slug}/own/${commentId}`;
  return (
    <span className="own-comment-links">
      <a href={page}>Edit</a> <a href={`${page}?delete=1`}>Delete</a>
    </span>
  );
}

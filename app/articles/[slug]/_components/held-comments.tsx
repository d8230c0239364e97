'use client';

import { CommentCard } from './comment-card';
import { useDiscussion } from './discussion';

/**
 * The reader's own comments the shared page does not show (held, or just posted), under their
 * parent: known only to this browser's page.
 */
export function HeldComments({ parentId, asList = false }: { parentId: number | null; asList?: boolean }) {
  const { ownNewComments, timeZone } = useDiscussion();
  const mine = ownNewComments.filter((comment) => comment.parentId === parentId);
  if (mine.length === 0) return null;
  const items = mine.map((comment) => (
    <li key={comment.id}>
      <CommentCard comment={comment} timeZone={timeZone} />
    </li>
  ));
  return asList ? <ol className="replies">{items}</ol> : <>{items}</>;
}

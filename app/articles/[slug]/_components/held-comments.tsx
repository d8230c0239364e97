'use client';

import { CommentCard } from './comment-card';
import { useDiscussion } from './discussion';

/** The reader's own held comments under their parent: known only to this browser's page. */
export function HeldComments({ parentId, asList = false }: { parentId: number | null; asList?: boolean }) {
  const { heldComments, timeZone } = useDiscussion();
  const mine = heldComments.filter((comment) => comment.parentId === parentId);
  if (mine.length === 0) return null;
  const items = mine.map((comment) => (
    <li key={comment.id}>
      <CommentCard comment={comment} timeZone={timeZone} />
    </li>
  ));
  return asList ? <ol className="replies">{items}</ol> : <>{items}</>;
}

import type { ThreadNode } from '@/lib/thread';
import { CommentCard } from './comment-card';
import { HeldComments } from './held-comments';

/**
 * The reader's own new top-level comments (held, or just posted) show on the page they are
 * reading, beside the form they used: where the newest go in its order, first or last.
 */
export function CommentThread({ nodes, newHeldFirst, timeZone }: { nodes: ThreadNode[]; newHeldFirst: boolean; timeZone: string }) {
  return (
    <ol className="comment-list">
      {newHeldFirst && <HeldComments parentId={null} />}
      {nodes.map((node) => (
        <CommentItem key={node.comment.id} node={node} timeZone={timeZone} />
      ))}
      {!newHeldFirst && <HeldComments parentId={null} />}
    </ol>
  );
}

function CommentItem({ node, timeZone }: { node: ThreadNode; timeZone: string }) {
  return (
    <li>
      <CommentCard comment={node.comment} timeZone={timeZone} />
      {node.replies.length > 0 ? (
        <ol className="replies">
          {node.replies.map((reply) => (
            <CommentItem key={reply.comment.id} node={reply} timeZone={timeZone} />
          ))}
          <HeldComments parentId={node.comment.id} />
        </ol>
      ) : (
        <HeldComments parentId={node.comment.id} asList />
      )}
    </li>
  );
}

import type { ThreadNode } from '@/lib/thread';
import { CommentCard } from './comment-card';
import { HeldComments } from './held-comments';

/** showNewHeld: the reader's own new top-level comments go after the newest thread, on the last page. */
export function CommentThread({ nodes, showNewHeld, timeZone }: { nodes: ThreadNode[]; showNewHeld: boolean; timeZone: string }) {
  return (
    <ol className="comment-list">
      {nodes.map((node) => (
        <CommentItem key={node.comment.id} node={node} timeZone={timeZone} />
      ))}
      {showNewHeld && <HeldComments parentId={null} />}
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

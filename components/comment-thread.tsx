import type { ThreadNode } from '@/app/_lib/thread';
import { CommentCard } from './comment-card';
import { HeldComments } from './held-comments';

export function CommentThread({ nodes }: { nodes: ThreadNode[] }) {
  return (
    <ol className="comment-list">
      {nodes.map((node) => (
        <CommentItem key={node.comment.id} node={node} />
      ))}
      <HeldComments parentId={null} />
    </ol>
  );
}

function CommentItem({ node }: { node: ThreadNode }) {
  return (
    <li>
      <CommentCard comment={node.comment} />
      {node.replies.length > 0 ? (
        <ol className="replies">
          {node.replies.map((reply) => (
            <CommentItem key={reply.comment.id} node={reply} />
          ))}
          <HeldComments parentId={node.comment.id} />
        </ol>
      ) : (
        <HeldComments parentId={node.comment.id} asList />
      )}
    </li>
  );
}

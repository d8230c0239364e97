import { type PublicComment } from './comments';


export type ThreadNode = { comment: PublicComment; depth: number; replies: ThreadNode[] };

/**
 * Nests comments (already in display order) under their parents. A reply to a comment at the
 * deepest level sits beside that comment, in order. A reply whose parent is not in the list is not
 * shown, since it would answer something the reader cannot see.
 */
export function buildThread(comments: readonly PublicComment[], maxDepth: number): ThreadNode[] {
  const depthLimit = Math.max(1, maxDepth);
  const roots: ThreadNode[] = [];
  const nodes = new Map<number, ThreadNode>();
  const listOf = new Map<number, ThreadNode[]>();
  for (const comment of comments) {
    let list = roots;
    let depth = 1;
    if (comment.parentId !== null) {
      const parent = nodes.get(comment.parentId);
      if (!parent) continue;
      const nests = parent.depth < depthLimit;
      list = nests ? parent.replies : (listOf.get(parent.comment.id) ?? roots);
      depth = nests ? parent.depth + 1 : parent.depth;
    }
    const node: ThreadNode = { comment, depth, replies: [] };
    list.push(node);
    nodes.set(comment.id, node);
    listOf.set(comment.id, list);
  }
  return roots;
}

export function countNodes(nodes: readonly ThreadNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.replies), 0);
}

/**
 * Comment pages, WordPress-style: whole threads, perPage top-level comments to a page, oldest
 * first, numbered from the oldest. The article's own address shows the last (newest) page, where
 * a new comment appears.
 */
export function pageCount(roots: readonly ThreadNode[], perPage: number): number {
  return Math.max(1, Math.ceil(roots.length / Math.max(1, perPage)));
}

export function threadPage(roots: readonly ThreadNode[], page: number, perPage: number): ThreadNode[] {
  const size = Math.max(1, perPage);
  return roots.slice((page - 1) * size, page * size);
}

function contains(node: ThreadNode, commentId: number): boolean {
  return node.comment.id === commentId || node.replies.some((reply) => contains(reply, commentId));
}

/** The page that shows a comment, or null when it is not in the thread. */
export function pageOfComment(roots: readonly ThreadNode[], commentId: number, perPage: number): number | null {
  const index = roots.findIndex((root) => contains(root, commentId));
  return index === -1 ? null : Math.floor(index / Math.max(1, perPage)) + 1;
}

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
 * Comment pages, WordPress-style: whole threads, perPage top-level comments to a page. Two orders
 * of the top-level comments (replies always follow their parent, oldest first): oldest first, the
 * default, whose page 1 is the article's own address, and newest first. Page numbers count from 1
 * in either order.
 */
export const commentOrders = ['oldest', 'newest'] as const;
export type CommentOrder = (typeof commentOrders)[number];
export const defaultCommentOrder: CommentOrder = 'oldest';

export function pageCount(threads: number, perPage: number): number {
  return Math.max(1, Math.ceil(threads / Math.max(1, perPage)));
}

/** The top-level comments a page skips in its order: page 1 starts at the first. */
export function pageOffset(page: number, perPage: number): number {
  return (Math.max(1, page) - 1) * Math.max(1, perPage);
}

/**
 * The page in `order` of a thread whose top-level comment has `earlier` top-level comments before
 * it, oldest first, out of `threads`.
 */
export function pageOfThread(earlier: number, threads: number, perPage: number, order: CommentOrder = defaultCommentOrder): number {
  const position = order === 'oldest' ? earlier : threads - 1 - earlier;
  return Math.floor(Math.max(0, position) / Math.max(1, perPage)) + 1;
}

import type { ArticleStatus } from '../articles';
import type { CommentStatus } from '../comments';
import type { WxrComment, WxrItem } from './wxr';

// How WordPress's values become Margin's: statuses, dates, and what is skipped, with why.

/** A WordPress date ("2025-02-26 17:30:00") read as UTC; null for WordPress's "no date" (0000-00-00…). */
function utcOf(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match || match[1] === '0000') return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The UTC time of a WordPress date pair: the _gmt one when there is one; else the site-local one,
 * read as UTC with a note (WordPress writes no zone with it, and drafts have no _gmt date).
 */
export function wordpressTime(local: string, gmt: string): { ms: number; note?: string } | null {
  const fromGmt = utcOf(gmt);
  if (fromGmt !== null) return { ms: fromGmt };
  const fromLocal = utcOf(local);
  if (fromLocal !== null) return { ms: fromLocal, note: `the date ${local.trim()} has no time zone: read as UTC` };
  return null;
}

export type ItemPlan =
  | { import: true; status: ArticleStatus; note?: string }
  | { import: false; reason: string };

/** What becomes of an item: an article in which state, or skipped with the reason. */
export function planItem(item: Pick<WxrItem, 'postType' | 'status'>): ItemPlan {
  if (item.postType === 'page') return { import: false, reason: 'a page (Margin has no static pages; pages are not imported)' };
  if (item.postType !== 'post') return { import: false, reason: `a ${item.postType || 'nameless'} item (only posts are imported)` };
  switch (item.status) {
    case 'publish':
    case 'future':
      return { import: true, status: 'published' };
    case 'draft':
    case 'auto-draft':
      return { import: true, status: 'draft' };
    case 'pending':
      return { import: true, status: 'review' };
    case 'private':
      return { import: true, status: 'unpublished', note: 'a private post is imported unpublished (staff only)' };
    case 'trash':
      return { import: false, reason: 'a post in the trash' };
    default:
      return { import: false, reason: `a post with the unknown status "${item.status}"` };
  }
}

export type CommentPlan = { import: true; status: CommentStatus } | { import: false; reason: string };

export const pingbackChoice = 'pingbacks and trackbacks are skipped (Margin has no such kind)';

export function planComment(comment: Pick<WxrComment, 'type' | 'approved'>): CommentPlan {
  if (comment.type === 'pingback' || comment.type === 'trackback') return { import: false, reason: comment.type };
  if (comment.type !== '' && comment.type !== 'comment') return { import: false, reason: `a comment of kind "${comment.type}"` };
  switch (comment.approved) {
    case '1':
      return { import: true, status: 'approved' };
    case '0':
      return { import: true, status: 'pending' };
    case 'spam':
      return { import: true, status: 'spam' };
    case 'trash':
    case 'post-trashed':
      return { import: true, status: 'trash' };
    default:
      return { import: false, reason: `a comment with the unknown status "${comment.approved}"` };
  }
}

/**
 * The comments of one item in an order where every parent comes before its replies, each with the
 * WordPress id of its parent, or null (with a note) when the parent is not among them.
 */
export function threadOrder<C extends Pick<WxrComment, 'id' | 'parent'>>(items: readonly C[]): { comment: C; parent: string | null; note?: string }[] {
  const byId = new Map(items.map((c) => [c.id, c]));
  const placed = new Set<string>();
  const ordered: { comment: C; parent: string | null; note?: string }[] = [];
  const place = (comment: C, trail: Set<string>) => {
    if (placed.has(comment.id)) return;
    const parentId = comment.parent && comment.parent !== '0' ? comment.parent : null;
    let parent: string | null = parentId;
    let note: string | undefined;
    if (parentId !== null) {
      const parentComment = byId.get(parentId);
      if (!parentComment) {
        parent = null;
        note = `comment ${comment.id} replies to comment ${parentId}, which is not on this post (missing or on another post): imported as a top-level comment`;
      } else if (trail.has(parentId)) {
        parent = null;
        note = `comment ${comment.id} is in a loop of replies: imported as a top-level comment`;
      } else {
        place(parentComment, new Set([...trail, comment.id]));
      }
    }
    placed.add(comment.id);
    ordered.push({ comment, parent, ...(note ? { note } : {}) });
  };
  for (const comment of items) place(comment, new Set([comment.id]));
  return ordered;
}

/** The addresses a WordPress post answered at: /?p=ID, its permalink path, and /YYYY/MM/DD/slug/ and /slug/. */
export function postAddresses(item: Pick<WxrItem, 'postId' | 'link' | 'slug' | 'date'>): string[] {
  const paths = new Set<string>();
  if (/^\d+$/.test(item.postId)) paths.add(`/?p=${item.postId}`);
  const linked = pathOf(item.link);
  if (linked) paths.add(linked);
  const slug = item.slug.trim();
  if (slug) {
    paths.add(`/${slug}/`);
    // WordPress's date permalinks use the site's own date, as post_date holds it.
    const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(item.date);
    if (day && day[1] !== '0000') paths.add(`/${day[1]}/${day[2]}/${day[3]}/${slug}/`);
  }
  return [...paths];
}

/** A WordPress address as the path (and query) a request to this site would carry, or null. */
export function pathOf(link: string): string | null {
  try {
    const url = new URL(link);
    const path = url.pathname + url.search;
    return path === '/' ? null : path;
  } catch {
    return null;
  }
}

/** A category's addresses: /category/parent/child/ (WordPress's nested form) and /category/child/. */
export function categoryAddresses(slug: string, parents: readonly string[]): string[] {
  return [...new Set([`/category/${[...parents, slug].join('/')}/`, `/category/${slug}/`])];
}

import type { CommentStatus } from '../comments';
import { pathOf } from '../wordpress/mapping';
import type { DisqusPost, DisqusThread } from './reader';

// How Disqus's values become Margin's: statuses, dates, anonymous posters, and where a thread's page now lives.

/** An `--map old-prefix=new-prefix` option: a thread's link starting with `from` is read as starting with `to`. */
export type AddressMap = { from: string; to: string };

/** The `--map` options read, or a plain-language problem. */
export function parseMaps(values: readonly string[]): { maps: AddressMap[] } | { problem: string } {
  const maps: AddressMap[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) return { problem: `--map ${value}: give it as old-prefix=new-prefix (for example --map https://old.example/blog/=/articles/)` };
    maps.push({ from: value.slice(0, at), to: value.slice(at + 1) });
  }
  return { maps };
}

/** A Disqus time ("2013-04-09T18:03:27Z") in UTC milliseconds; one without a zone is read as UTC, with a note. */
export function disqusTime(value: string): { ms: number; note?: string } | null {
  const trimmed = value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(trimmed);
  if (!match) return null;
  const ms = Date.parse(match[7] ? trimmed.replace(' ', 'T') : `${trimmed.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) return null;
  return match[7] ? { ms } : { ms, note: `the date ${trimmed} has no time zone: read as UTC` };
}

/** isSpam → spam, isDeleted → trash, anything else → approved (Disqus exports what it published). */
export function postStatus(post: Pick<DisqusPost, 'isSpam' | 'isDeleted'>): CommentStatus {
  if (post.isSpam) return 'spam';
  if (post.isDeleted) return 'trash';
  return 'approved';
}

/** The placeholder email of a poster who gave none: `.invalid` can never be delivered to (RFC 2606). */
export const anonymousEmail = (postId: string) => `anonymous-${postId.replace(/[^A-Za-z0-9-]/g, '') || 'post'}@disqus.invalid`;

export const anonymousChoice =
  'a poster without an email (Disqus guests) gets anonymous-POSTID@disqus.invalid, an address that can never receive mail; a poster without a name is "Anonymous"';

/** The comment's author: Disqus's name, else the username, else "Anonymous"; the email, else a placeholder. */
export function postAuthor(post: Pick<DisqusPost, 'dsqId' | 'author'>): { name: string; email: string; placeholder: boolean } {
  const name = post.author.name.trim() || post.author.username.trim() || 'Anonymous';
  const email = post.author.email.trim();
  return email ? { name, email, placeholder: false } : { name, email: anonymousEmail(post.dsqId), placeholder: true };
}

/** The link with the first matching `--map` prefix replaced. */
export function mappedLink(link: string, maps: readonly AddressMap[]): string {
  const trimmed = link.trim();
  const map = maps.find((m) => trimmed.startsWith(m.from));
  return map ? map.to + trimmed.slice(map.from.length) : trimmed;
}

/**
 * The addresses a thread's page may have had on this site, most telling first: the link's path (after
 * `--map`), then the identifier as a path, or WordPress's "123 http://…/?p=123" as /?p=123; and the
 * identifier itself as a possible article slug.
 */
export function threadCandidates(thread: Pick<DisqusThread, 'link' | 'identifier'>, maps: readonly AddressMap[]): { paths: string[]; slugs: string[] } {
  const paths = new Set<string>();
  const link = mappedLink(thread.link, maps);
  const linked = link.startsWith('/') ? link : pathOf(link);
  if (linked) paths.add(linked.replace(/#.*$/, ''));
  const identifier = thread.identifier.trim();
  const slugs: string[] = [];
  if (identifier.startsWith('/')) paths.add(identifier);
  else if (identifier) {
    const wordpress = /^(\d+) (https?:\/\/\S+)$/.exec(identifier);
    if (wordpress) paths.add(`/?p=${wordpress[1]}`);
    else if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(identifier)) slugs.push(identifier);
  }
  return { paths: [...paths], slugs };
}

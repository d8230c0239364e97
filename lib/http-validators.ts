import crypto from 'node:crypto';

// Conditional GET for what Margin makes itself (feeds, sitemaps): an entity tag from the bytes,
// a Last-Modified date, and the one rule for answering 304 (RFC 9110, 13.2.2).

/** A strong entity tag for these bytes. */
export function entityTag(body: string | Uint8Array): string {
  return `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** An HTTP date (whole seconds, as the header carries them). */
export function httpDate(time: number | Date): string {
  return new Date(Math.floor(new Date(time).getTime() / 1000) * 1000).toUTCString();
}

function tagMatches(ifNoneMatch: string, etag: string): boolean {
  const plain = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || plain(tag) === plain(etag));
}

/**
 * True when the reader's copy is current: If-None-Match names the entity tag; or, only when the
 * reader sent no If-None-Match, If-Modified-Since is no earlier than Last-Modified.
 */
export function isNotModified(
  request: { ifNoneMatch?: string | null; ifModifiedSince?: string | null },
  current: { etag?: string | null; lastModified?: string | null },
): boolean {
  if (request.ifNoneMatch) return current.etag ? tagMatches(request.ifNoneMatch, current.etag) : false;
  if (!request.ifModifiedSince || !current.lastModified) return false;
  const since = Date.parse(request.ifModifiedSince);
  const modified = Date.parse(current.lastModified);
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

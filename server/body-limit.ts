import { imageUploadPath } from '../lib/images';

// How large a request body the serving edge lets through, by path. Everything Margin takes is a
// form of a few kilobytes, except an image upload, whose route reads Content-Length itself and
// refuses an oversized file with the image size message (next to the field) before reading it.

/** The longest comment (5,000 characters, 4 bytes each at worst) and its other fields fit with room to spare. */
export const defaultBodyLimit = 64 * 1024;

/** The most bytes a request may declare before the edge refuses it unread (413). */
export function bodyLimitFor(method: string | undefined, url: string | undefined): number {
  const path = (url ?? '').split('?')[0];
  if (method === 'POST' && path === imageUploadPath) return Number.POSITIVE_INFINITY;
  return defaultBodyLimit;
}

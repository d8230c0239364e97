import 'server-only';
import { notFound, permanentRedirect } from 'next/navigation';
import { findLegacyAddress } from '@/db/queries/imports';
import { fromWordpress, parseArticlePath } from '@/lib/paths';

/**
 * An address of the site Margin replaced (a WordPress permalink kept by `npm run import`): a
 * permanent redirect to where it lives now, or the not-found page. An old "#comment-45" is
 * WordPress's comment number, not Margin's comment 45: a redirect to an article names no fragment,
 * so the browser keeps it, and says ?from=wordpress, so the article page's script asks which
 * Margin comment that was; any other redirect names an empty fragment.
 */
export async function followOldAddress(path: string): Promise<never> {
  const target = await findLegacyAddress(path);
  if (target && parseArticlePath(target)) permanentRedirect(`${target}?${fromWordpress.name}=${fromWordpress.value}`);
  if (target) permanentRedirect(`${target}#`);
  notFound();
}

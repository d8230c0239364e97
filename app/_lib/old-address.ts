import 'server-only';
import { notFound, permanentRedirect } from 'next/navigation';
import { findLegacyAddress } from '@/db/queries/imports';

/**
 * An address of the site Margin replaced (a WordPress permalink kept by `npm run import`): a
 * permanent redirect to where it lives now, or the not-found page. The redirect names an empty
 * fragment, so that an old "#comment-45" (a WordPress comment number) is not read as Margin's comment 45.
 */
export async function followOldAddress(path: string): Promise<never> {
  const target = await findLegacyAddress(path);
  if (target) permanentRedirect(`${target}#`);
  notFound();
}

import 'server-only';
import { notFound, permanentRedirect } from 'next/navigation';
import { connection } from 'next/server';
import { getListing, type Listing } from '@/db/queries/stories';
import { isSlug, listingPath, parsePageNumber, type ListingKind } from '@/lib/paths';

/** Stories on one page of a section, tag or author. */
export const listingPageSize = 20;

/**
 * One page of a listing for its route, read at request time (a build never reads the database):
 * 404 for an unknown listing or a page past the last; /page/1 moves to the listing's own address.
 */
export async function loadListing(kind: ListingKind, slug: string, pageParam?: string): Promise<Listing> {
  await connection();
  const page = pageParam === undefined ? 1 : parsePageNumber(pageParam);
  if (!isSlug(slug) || page === null) notFound();
  if (page === 1 && pageParam !== undefined) permanentRedirect(listingPath(kind, slug));
  const listing = await getListing(kind, slug, { page, perPage: listingPageSize });
  if (!listing || page > listing.pages) notFound();
  return listing;
}

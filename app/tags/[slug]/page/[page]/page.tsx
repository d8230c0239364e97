import type { Metadata } from 'next';
import { ListingView } from '@/components/listing-view';
import { loadListing } from '@/app/_lib/listing-route';
import { listingMetadata } from '@/app/_lib/metadata';

export async function generateMetadata({ params }: PageProps<'/tags/[slug]/page/[page]'>): Promise<Metadata> {
  const { slug, page } = await params;
  return listingMetadata(await loadListing('tags', slug, page));
}

export default async function TagPageN({ params }: PageProps<'/tags/[slug]/page/[page]'>) {
  const { slug, page } = await params;
  const listing = await loadListing('tags', slug, page);
  return <ListingView listing={listing} />;
}

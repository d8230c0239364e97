import type { Metadata } from 'next';
import { ListingView } from '@/components/listing-view';
import { loadListing } from '@/app/_lib/listing-route';
import { listingMetadata } from '@/app/_lib/metadata';

// Rendered per request and kept by the serving edge until an article in it changes.
export async function generateMetadata({ params }: PageProps<'/sections/[slug]'>): Promise<Metadata> {
  return listingMetadata(await loadListing('sections', (await params).slug));
}

export default async function SectionPage({ params }: PageProps<'/sections/[slug]'>) {
  const listing = await loadListing('sections', (await params).slug);
  return <ListingView listing={listing} />;
}

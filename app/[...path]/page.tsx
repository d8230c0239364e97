import { followOldAddress } from '@/app/_lib/old-address';

// Any address no other route answers: an old site's permalink (/2025/02/26/slug/, /slug/,
// /category/world/europe/) redirects to its Margin page; anything else is the not-found page.
export default async function OldAddressPage({ params }: PageProps<'/[...path]'>) {
  const { path } = await params;
  return followOldAddress(`/${path.join('/')}`);
}

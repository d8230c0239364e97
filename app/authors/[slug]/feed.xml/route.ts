import { listingFeedResponse } from '@/app/_lib/documents';

export async function GET(request: Request, { params }: RouteContext<'/authors/[slug]/feed.xml'>) {
  return listingFeedResponse(request, 'authors', (await params).slug);
}

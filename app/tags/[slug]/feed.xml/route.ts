import { listingFeedResponse } from '@/app/_lib/documents';

export async function GET(request: Request, { params }: RouteContext<'/tags/[slug]/feed.xml'>) {
  return listingFeedResponse(request, 'tags', (await params).slug);
}

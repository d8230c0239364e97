import { listingFeedResponse } from '@/app/_lib/documents';

export async function GET(request: Request, { params }: RouteContext<'/sections/[slug]/feed.xml'>) {
  return listingFeedResponse(request, 'sections', (await params).slug);
}

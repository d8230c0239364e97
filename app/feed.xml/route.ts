import { connection } from 'next/server';
import { contentTypes, documentResponse, feedLength, siteName, storyFeed } from '@/app/_lib/documents';
import { listLatestStories } from '@/db/queries/stories';
import { renderRss } from '@/lib/feeds';
import { feedPath } from '@/lib/paths';

// The whole site's newest public articles as RSS 2.0.
export async function GET(request: Request) {
  await connection();
  const feed = storyFeed({
    title: siteName,
    description: 'News, and comments readers trust.',
    pagePath: '/',
    selfPath: feedPath(),
    stories: await listLatestStories({ limit: feedLength }),
  });
  return documentResponse(request, renderRss(feed), contentTypes.rss);
}

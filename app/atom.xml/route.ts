import { connection } from 'next/server';
import { contentTypes, documentResponse, feedLength, siteName, storyFeed } from '@/app/_lib/documents';
import { listLatestStories } from '@/db/queries/stories';
import { renderAtom } from '@/lib/feeds';
import { atomFeedPath } from '@/lib/paths';

// The whole site's newest public articles as Atom.
export async function GET(request: Request) {
  await connection();
  const feed = storyFeed({
    title: siteName,
    description: 'News, and comments readers trust.',
    pagePath: '/',
    selfPath: atomFeedPath(),
    stories: await listLatestStories({ limit: feedLength }),
  });
  return documentResponse(request, renderAtom({ ...feed, author: siteName }), contentTypes.atom);
}

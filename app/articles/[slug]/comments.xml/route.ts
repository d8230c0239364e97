import { connection } from 'next/server';
import { absoluteUrl, commentItem, contentTypes, documentResponse, notFoundDocument, siteLanguage, siteName } from '@/app/_lib/documents';
import { getCommentFeed } from '@/db/queries/comment-feed';
import { renderRss } from '@/lib/feeds';
import { articlePath, commentFeedPath, isSlug } from '@/lib/paths';

// An article's public comments as RSS, newest first: names, text and times only (the data layer
// never reads an email, an address or a held comment for it). Below the article's address, so a
// moderation decision that empties the article's pages empties this feed too.
export async function GET(request: Request, { params }: RouteContext<'/articles/[slug]/comments.xml'>) {
  await connection();
  const { slug } = await params;
  const found = isSlug(slug) ? await getCommentFeed(slug) : null;
  if (!found) return notFoundDocument();
  const feed = {
    title: `Comments on “${found.article.headline}” · ${siteName}`,
    description: found.article.standfirst,
    url: absoluteUrl(`${articlePath(slug)}#comments-title`),
    selfUrl: absoluteUrl(commentFeedPath(slug)),
    language: siteLanguage,
    items: found.comments.map((comment) => commentItem(comment, found.article.headline)),
  };
  return documentResponse(request, renderRss(feed), contentTypes.rss);
}

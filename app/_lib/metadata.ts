import type { Metadata } from 'next';
import type { Article } from '@/db/queries/articles';
import { getArticleSharingOnce } from './article-sharing';
import type { Listing } from '@/db/queries/stories';
import { imageUrl, largestWidth } from '@/lib/images';
import { atomFeedPath, authorPath, commentFeedPath, feedPath, listingPath } from '@/lib/paths';
import { listingDescription, listingTitle } from '@/lib/listings';

type FeedLinks = NonNullable<NonNullable<Metadata['alternates']>['types']>;
type FeedLink = { url: string; title: string };

/** The feeds a page advertises (<link rel="alternate">): the site's, and any of its own first. */
export function siteFeeds(own: { rss?: FeedLink[] } = {}): FeedLinks {
  return {
    'application/rss+xml': [...(own.rss ?? []), { url: feedPath(), title: 'Margin' }],
    'application/atom+xml': [{ url: atomFeedPath(), title: 'Margin (Atom)' }],
  };
}

/**
 * An article's head: canonical address, its comment feed, and Open Graph and Twitter cards with
 * the lead image when it has one (a large card then).
 */
export async function articleMetadata(article: Article): Promise<Metadata> {
  const url = `/articles/${article.slug}`;
  const sharing = await getArticleSharingOnce(article.slug);
  const image = sharing?.image
    ? { url: imageUrl(sharing.image, largestWidth(sharing.image)), width: largestWidth(sharing.image), alt: sharing.image.alt || article.headline }
    : null;
  const authors = sharing?.bylines.length ? sharing.bylines.map((byline) => authorPath(byline.slug)) : article.author ? [article.author] : [];
  return {
    title: article.headline,
    description: article.standfirst,
    alternates: {
      canonical: url,
      types: siteFeeds({ rss: [{ url: commentFeedPath(article.slug), title: `Comments on “${article.headline}”` }] }),
    },
    openGraph: {
      type: 'article',
      url,
      title: article.headline,
      description: article.standfirst,
      publishedTime: article.publishedAt,
      ...(sharing?.revisedAt ? { modifiedTime: sharing.revisedAt } : {}),
      ...(sharing?.section ? { section: sharing.section.name } : {}),
      ...(sharing?.tags.length ? { tags: sharing.tags.map((tag) => tag.name) } : {}),
      siteName: 'Margin',
      ...(authors.length ? { authors } : {}),
      ...(image ? { images: [image] } : {}),
    },
    twitter: image
      ? { card: 'summary_large_image', title: article.headline, description: article.standfirst, images: [image] }
      : { card: 'summary', title: article.headline, description: article.standfirst },
  };
}

/** A section's, tag's or author's page: canonical address per page, its own feed advertised. */
export function listingMetadata(listing: Listing): Metadata {
  const title = listingTitle(listing.kind, listing.name);
  const description = listingDescription(listing.kind, listing.name, listing.description);
  const url = listingPath(listing.kind, listing.slug, listing.page);
  return {
    title: listing.page > 1 ? `${title} (page ${listing.page})` : title,
    description,
    alternates: {
      canonical: url,
      types: siteFeeds({ rss: [{ url: feedPath({ kind: listing.kind, slug: listing.slug }), title: `${title} · Margin` }] }),
    },
    openGraph: { type: listing.kind === 'authors' ? 'profile' : 'website', url, title, description, siteName: 'Margin' },
    twitter: { card: 'summary', title, description },
  };
}

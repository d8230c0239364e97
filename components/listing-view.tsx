import { getSiteSettings } from '@/db/queries/settings';
import type { Listing } from '@/db/queries/stories';
import { listingDescription, listingKindName, listingTitle } from '@/lib/listings';
import { feedPath, listingPath } from '@/lib/paths';
import { Pager } from './pager';
import { StoryList } from './story-teaser';
import styles from './reading.module.css';

/** A section's, tag's or author's page of stories. */
export async function ListingView({ listing }: { listing: Listing }) {
  const { kind, slug, page, pages } = listing;
  const description = listingDescription(kind, listing.name, listing.description);
  const { timeZone } = await getSiteSettings();
  return (
    <div className={styles.listing}>
      <header className={styles.listingHeader}>
        <p className={styles.kicker}>{listingKindName(kind)}</p>
        <h1>{listingTitle(kind, listing.name)}</h1>
        <p className="standfirst">{description}</p>
        <p className="teaser-meta">
          {listing.total === 1 ? '1 story' : `${listing.total} stories`}
          {page > 1 && ` · page ${page} of ${pages}`}
          {' · '}
          <a href={feedPath({ kind, slug })}>RSS feed</a>
        </p>
      </header>
      {listing.stories.length > 0 ? (
        <StoryList stories={listing.stories} timeZone={timeZone} showSection={kind !== 'sections'} label="Stories" />
      ) : (
        <p>No stories here yet.</p>
      )}
      <Pager page={page} pages={pages} pathOf={(n) => listingPath(kind, slug, n)} label="Pages" />
    </div>
  );
}

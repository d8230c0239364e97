import Link from 'next/link';
import type { StoryTeaser as Story } from '@/db/queries/stories';
import { formatDate, plural } from '@/lib/format';
import { articlePath, sectionPath } from '@/lib/paths';
import { Byline } from './byline';
import { ResponsiveImage } from './responsive-image';
import styles from './reading.module.css';

export type TeaserVariant = 'lead' | 'standard' | 'compact';

/** How wide a teaser's image is drawn: the lead across the main column, others a third of it. */
const imageSizes: Record<TeaserVariant, string> = {
  lead: '(min-width: 64rem) 40rem, 100vw',
  standard: '(min-width: 40rem) 14rem, 100vw',
  compact: '8rem',
};

/** A story as a list shows it: section, headline, standfirst, byline, date and, on the front page, its comments. */
export function StoryTeaser({
  story,
  timeZone,
  level = 3,
  variant = 'standard',
  showSection = true,
  showImage = true,
  commentCount,
  priority = false,
}: {
  story: Story;
  /** The site's time zone, for the date. */
  timeZone: string;
  level?: 2 | 3;
  variant?: TeaserVariant;
  showSection?: boolean;
  showImage?: boolean;
  commentCount?: number;
  priority?: boolean;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const path = articlePath(story.slug);
  return (
    <div className={`${styles.teaser} ${styles[variant]}`}>
      {showImage && story.image && (
        <Link href={path} tabIndex={-1} aria-hidden="true" className={styles.teaserImage}>
          <ResponsiveImage image={story.image} alt={story.image.alt} sizes={imageSizes[variant]} priority={priority} />
        </Link>
      )}
      <div className={styles.teaserText}>
        {showSection && story.section && (
          <p className={styles.kicker}>
            <Link href={sectionPath(story.section.slug)} prefetch={false}>
              {story.section.name}
            </Link>
          </p>
        )}
        <Heading className={styles.headline}>
          <Link href={path}>{story.headline}</Link>
        </Heading>
        {variant !== 'compact' && <p className={`standfirst ${styles.standfirst}`}>{story.standfirst}</p>}
        <p className="teaser-meta">
          {(story.bylines.length > 0 || story.credit) && (
            <>
              <Byline bylines={story.bylines} credit={story.credit} />
              {' · '}
            </>
          )}
          <time dateTime={story.publishedAt}>{formatDate(story.publishedAt, timeZone)}</time>
          {commentCount !== undefined && (
            <>
              {' · '}
              <Link href={`${path}#comments-title`}>{plural(commentCount, 'comment', 'comments')}</Link>
            </>
          )}
        </p>
      </div>
    </div>
  );
}

export function StoryList({
  stories,
  timeZone,
  showSection = true,
  label,
}: {
  stories: Story[];
  timeZone: string;
  showSection?: boolean;
  label?: string;
}) {
  return (
    <ol className={styles.storyList} aria-label={label}>
      {stories.map((story) => (
        <li key={story.slug}>
          <StoryTeaser story={story} timeZone={timeZone} showSection={showSection} />
        </li>
      ))}
    </ol>
  );
}

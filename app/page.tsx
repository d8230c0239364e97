import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { siteFeeds } from '@/app/_lib/metadata';
import { StoryTeaser } from '@/components/story-teaser';
import { getSiteSettings } from '@/db/queries/settings';
import { getFrontPage } from '@/db/queries/stories';
import { plural } from '@/lib/format';
import { articlePath, sectionPath } from '@/lib/paths';
import styles from './front-page.module.css';

export const metadata: Metadata = { alternates: { canonical: '/', types: siteFeeds() } };

export default async function HomePage() {
  // Read at request time: a build must never bake the database into the front page.
  await connection();
  const { lead, latest, mostDiscussed, sections } = await getFrontPage();
  const { timeZone } = await getSiteSettings();
  return (
    <div className={styles.front}>
      <h1 className="visually-hidden">Latest news</h1>
      {lead === null ? (
        <p>No articles yet.</p>
      ) : (
        <div className={styles.top}>
          <section className={styles.lead} aria-labelledby="lead-story">
            <h2 id="lead-story" className="visually-hidden">
              Top story
            </h2>
            <ol className={styles.plainList}>
              <li>
                <StoryTeaser story={lead} timeZone={timeZone} level={3} variant="lead" commentCount={lead.commentCount} priority />
              </li>
            </ol>
          </section>
          <section className={styles.latest} aria-labelledby="latest-stories">
            <h2 id="latest-stories" className={styles.rubric}>
              Latest
            </h2>
            <ol className={styles.latestList}>
              {latest.map((story) => (
                <li key={story.slug}>
                  <StoryTeaser story={story} timeZone={timeZone} showImage={false} commentCount={story.commentCount} />
                </li>
              ))}
            </ol>
          </section>
          {mostDiscussed.length > 0 && (
            <aside className={styles.discussed} aria-labelledby="most-discussed">
              <h2 id="most-discussed" className={styles.rubric}>
                Most discussed
              </h2>
              <ol className={styles.discussedList}>
                {mostDiscussed.map((story) => (
                  <li key={story.slug}>
                    <Link href={articlePath(story.slug)}>{story.headline}</Link>{' '}
                    <Link href={`${articlePath(story.slug)}#comments-title`} className={styles.count}>
                      {plural(story.commentCount, 'comment', 'comments')}
                    </Link>
                  </li>
                ))}
              </ol>
            </aside>
          )}
        </div>
      )}
      {sections.map(({ section, stories }) => (
        <section key={section.slug} className={styles.section} aria-labelledby={`section-${section.slug}`}>
          <h2 id={`section-${section.slug}`} className={styles.rubric}>
            <Link href={sectionPath(section.slug)} prefetch={false}>
              {section.name}
            </Link>
          </h2>
          <ol className={styles.sectionGrid}>
            {stories.map((story, index) => (
              <li key={story.slug}>
                <StoryTeaser story={story} timeZone={timeZone} variant={index === 0 ? 'standard' : 'compact'} showSection={false} showImage={index === 0} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

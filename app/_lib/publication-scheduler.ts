import 'server-only';
import { watchDatabaseChanges } from '@/db/queries/database-changes';
import { nextPublicationAfter, publishedBetween } from '@/db/queries/publication-schedule';
import { createPublicationScheduler, type PublicationScheduler } from '@/lib/publication-schedule';
import { articlePath, listingPagePaths } from '@/lib/paths';
import { receiveInvalidation } from '@/server/invalidation';
import { pathTags } from '@/server/next-internals';

// The server's publication timer (lib/publication-schedule.ts), started by instrumentation.ts: at
// the moment a scheduled article's time comes it empties that article's page and every listing
// (front page, sections, tags, authors, feeds, sitemaps), with no request needed. Those listings
// are rendered by Next per request and kept by the serving edge, so emptying the edge is enough for
// them; the article page is also kept by Next, which may hold a 404 for it from before its time, so
// that is expired too (revalidatePath needs a request: server/next-internals.ts, 7). On globalThis:
// instrumentation and the routes load separate copies of this module.

const holder = globalThis as typeof globalThis & { marginPublicationScheduler?: PublicationScheduler };

function forgetPublishedPages(slugs: string[]): void {
  const pages = slugs.map(articlePath);
  // Every server runs this timer and empties its own caches at the same moment: nothing to tell the others.
  receiveInvalidation({ pages: [...listingPagePaths(), ...pages], nextTags: pages.flatMap((page) => pathTags(page)) });
  console.log(`margin: published on schedule: ${slugs.join(', ')}`);
}

export async function startPublicationScheduler(): Promise<void> {
  if (holder.marginPublicationScheduler) return;
  // An article scheduled or moved on another server (or by a script) is seen within a second.
  const articlesElsewhere = watchDatabaseChanges(['articles']);
  await articlesElsewhere.ready();
  holder.marginPublicationScheduler ??= createPublicationScheduler({
    clock: {
      now: Date.now,
      // Unref'd: a pending publication never keeps a stopping server alive.
      setTimeout: (callback, milliseconds) => setTimeout(callback, milliseconds).unref(),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    },
    source: { nextPublicationAfter, publishedBetween, changedElsewhere: () => articlesElsewhere.changedSinceLastAsked() !== 'unchanged' },
    onPublished: forgetPublishedPages,
    onError: (error) => console.error('margin: the publication timer could not read the database:', error),
  });
}

/** Asks for the next publication time again: after any article is saved, scheduled, published or unpublished. */
export function reschedulePublications(): void {
  void holder.marginPublicationScheduler?.reschedule();
}

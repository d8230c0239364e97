import 'server-only';
import crypto from 'node:crypto';
import os from 'node:os';
import { watchDatabaseChanges } from '@/db/queries/database-changes';
import { announceInvalidation, announcementsSince, latestAnnouncementId } from '@/db/queries/page-invalidations';
import { receiveInvalidation, setInvalidationBroadcaster, setInvalidationFeed } from '@/server/invalidation';
import { pathTags } from '@/server/next-internals';

// Several servers on one database act as one site: each page invalidation made here is announced
// in the database (db/queries/page-invalidations.ts), and each server applies the others'
// announcements to its own page cache and Next's kept pages before it serves a page (the edge asks
// on every request; the answer is at most 10 ms old) and at least every quarter second (for Next's
// pages under a plain `next start`). How a server hears that there is news
// (db/queries/database-changes.ts): on SQLite one read of data_version, which moves only when
// another connection wrote; on PostgreSQL a notification, which also starts the catching up at once.
// A PostgreSQL server that lost its listening connection serves without its page cache until it
// listens again, and then forgets every page it kept: what it missed is unknown.

const askAtMostEveryMs = 10;
const catchUpEveryMs = 250;

const holder = globalThis as typeof globalThis & { marginServerName?: string; marginSharedInvalidation?: true };

/** This server's name in announcements and leases: its host, process and a random part. */
export function serverName(): string {
  holder.marginServerName ??= `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  return holder.marginServerName;
}

const everything = { pages: 'all' as const, nextTags: pathTags('/', 'layout') };

export async function startSharingInvalidations(): Promise<void> {
  if (holder.marginSharedInvalidation) return;
  holder.marginSharedInvalidation = true;
  const origin = serverName();
  const news = watchDatabaseChanges(['page_invalidations']);
  await news.ready();
  news.changedSinceLastAsked();
  // This server's caches start empty: only what is announced from now on concerns it.
  let lastId = await latestAnnouncementId();
  let askedAt = 0;
  let catchingUp: Promise<void> | null = null;

  // Until no news is left: a change heard while the last one was being read is read too.
  async function hear(): Promise<void> {
    for (let change = news.changedSinceLastAsked(); change !== 'unchanged'; change = news.changedSinceLastAsked()) {
      if (change === 'unheard') {
        lastId = await latestAnnouncementId();
        receiveInvalidation(everything);
        continue;
      }
      const heard = await announcementsSince(lastId, origin);
      lastId = heard.lastId;
      for (const invalidation of heard.invalidations) receiveInvalidation(invalidation);
    }
  }

  function catchUp(): Promise<void> | undefined {
    if (catchingUp) return catchingUp;
    const now = Date.now();
    if (now - askedAt < askAtMostEveryMs) return;
    askedAt = now;
    catchingUp = hear().finally(() => {
      catchingUp = null;
    });
    return catchingUp;
  }

  setInvalidationBroadcaster((invalidation) => announceInvalidation(origin, invalidation));
  setInvalidationFeed({ catchUp, trusted: () => news.hearing() });
  const catchUpLogged = () =>
    void catchUp()?.catch((error) => console.error('margin: could not read other servers\u2019 page changes:', error));
  news.onChange(() => {
    askedAt = 0;
    catchUpLogged();
  });
  setInterval(catchUpLogged, catchUpEveryMs).unref();
}

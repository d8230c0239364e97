import 'server-only';
import crypto from 'node:crypto';
import os from 'node:os';
import { watchOtherWriters } from '@/db/queries/database-changes';
import { announceInvalidation, announcementsSince, latestAnnouncementId } from '@/db/queries/page-invalidations';
import { receiveInvalidation, setInvalidationBroadcaster, setInvalidationFeed } from '@/server/invalidation';

// Several servers on one database act as one site: each page invalidation made here is announced
// in the database (db/queries/page-invalidations.ts), and each server applies the others'
// announcements to its own page cache and Next's kept pages before it serves a page (the edge asks
// on every request; the answer is at most 10 ms old) and at least every quarter second (for Next's
// pages under a plain `next start`). Asking costs one read of SQLite's data_version, which moves
// only when another connection wrote.

const askAtMostEveryMs = 10;
const catchUpEveryMs = 250;

const holder = globalThis as typeof globalThis & { marginServerName?: string; marginSharedInvalidation?: true };

/** This server's name in announcements and leases: its host, process and a random part. */
export function serverName(): string {
  holder.marginServerName ??= `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  return holder.marginServerName;
}

export function startSharingInvalidations(): void {
  if (holder.marginSharedInvalidation) return;
  holder.marginSharedInvalidation = true;
  const origin = serverName();
  const otherWriters = watchOtherWriters();
  otherWriters();
  // This server's caches start empty: only what is announced from now on concerns it.
  let lastId = latestAnnouncementId();
  let askedAt = 0;

  setInvalidationBroadcaster((invalidation) => {
    void announceInvalidation(origin, invalidation).catch((error) => console.error('margin: could not announce a page invalidation:', error));
  });
  const feed = {
    catchUp() {
      const now = Date.now();
      if (now - askedAt < askAtMostEveryMs) return;
      askedAt = now;
      if (!otherWriters()) return;
      const heard = announcementsSince(lastId, origin);
      lastId = heard.lastId;
      for (const invalidation of heard.invalidations) receiveInvalidation(invalidation);
    },
    // The database is this server's own file or one beside it: it cannot lose it and keep serving.
    trusted: () => true,
  };
  setInvalidationFeed(feed);
  setInterval(() => {
    try {
      feed.catchUp();
    } catch (error) {
      console.error('margin: could not read other servers\u2019 page changes:', error);
    }
  }, catchUpEveryMs).unref();
}

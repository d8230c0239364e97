import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openTemporaryDatabase } from '@/db/test-database';

// What lets several servers share one database: hearing that another one wrote, the page
// invalidations they announce to each other, and leases for work only one of them may do. The
// "other server" is a second connection to the same file, as a second process would have.

await openTemporaryDatabase('several-servers');
const { getConnection } = await import('@/db/index');
const { watchOtherWriters } = await import('@/db/queries/database-changes');
const { announceInvalidation, announcementsSince, forgetOldAnnouncements, latestAnnouncementId, announcementLifetimeMs } =
  await import('@/db/queries/page-invalidations');
const { claimLease, leaseHolder, releaseLease } = await import('@/db/queries/leases');

function otherServer(): Database.Database {
  const other = new Database(getConnection().sqlite.name);
  other.pragma('busy_timeout = 5000');
  return other;
}

beforeEach(() => {
  getConnection().sqlite.prepare('delete from page_invalidations').run();
  getConnection().sqlite.prepare('delete from leases').run();
});

describe('hearing that another server wrote', () => {
  test('another connection’s commit is news once; this connection’s own writes never are', async () => {
    const changed = watchOtherWriters();
    assert.equal(await changed(), false);
    await announceInvalidation('here', { pages: ['/'], nextTags: [] });
    assert.equal(await changed(), false);
    const other = otherServer();
    other.prepare("insert into settings (key, value) values ('siteTimeZone', '\"Europe/Paris\"')").run();
    assert.equal(await changed(), true);
    assert.equal(await changed(), false);
    other.close();
  });

  test('two watchers do not take each other’s news', async () => {
    const first = watchOtherWriters();
    const second = watchOtherWriters();
    await first();
    await second();
    const other = otherServer();
    other.prepare("delete from settings where key = 'siteTimeZone'").run();
    assert.equal(await first(), true);
    assert.equal(await second(), true);
    other.close();
  });
});

describe('announced page invalidations', () => {
  test('a server hears the others’ announcements in order, never its own, and listens on after the last', async () => {
    const start = await latestAnnouncementId();
    await announceInvalidation('a', { pages: ['/articles/one'], nextTags: ['_N_T_/articles/one'] });
    await announceInvalidation('b', { pages: 'all', nextTags: ['_N_T_/layout'] });
    await announceInvalidation('b', { pages: ['/', '/sections'], nextTags: [] });
    const heardByB = await announcementsSince(start, 'b');
    assert.deepEqual(heardByB.invalidations, [{ pages: ['/articles/one'], nextTags: ['_N_T_/articles/one'] }]);
    const heardByA = await announcementsSince(start, 'a');
    assert.deepEqual(heardByA.invalidations, [
      { pages: 'all', nextTags: ['_N_T_/layout'] },
      { pages: ['/', '/sections'], nextTags: [] },
    ]);
    // Its own announcements move the place it listens from too: it never reads them again.
    assert.equal(heardByB.lastId, await latestAnnouncementId());
    assert.deepEqual((await announcementsSince(heardByA.lastId, 'a')).invalidations, []);
  });

  test('announcements are kept for their lifetime, then dropped', async () => {
    await announceInvalidation('a', { pages: ['/'], nextTags: [] });
    assert.equal(await forgetOldAnnouncements(Date.now() + announcementLifetimeMs - 1_000), 0);
    assert.equal(await forgetOldAnnouncements(Date.now() + announcementLifetimeMs + 1_000), 1);
    assert.equal((await latestAnnouncementId()) >= 0, true);
  });
});

describe('leases: work that runs on one server at a time', () => {
  const now = Date.now();

  test('the first server to ask holds it; the other is refused while it runs; the holder renews', async () => {
    assert.equal(await claimLease('housekeeping', 'server-a', 60_000, now), true);
    assert.equal(await claimLease('housekeeping', 'server-b', 60_000, now + 1_000), false);
    assert.equal(await claimLease('housekeeping', 'server-a', 60_000, now + 30_000), true);
    assert.equal(await claimLease('housekeeping', 'server-b', 60_000, now + 70_000), false, 'renewed at +30 s, it runs to +90 s');
    assert.equal(await leaseHolder('housekeeping', now + 70_000), 'server-a');
  });

  test('when the holder stops renewing, the next server to ask takes it over, and the old holder is refused', async () => {
    assert.equal(await claimLease('sender', 'server-a', 60_000, now), true);
    assert.equal(await leaseHolder('sender', now + 61_000), null);
    assert.equal(await claimLease('sender', 'server-b', 60_000, now + 61_000), true);
    assert.equal(await claimLease('sender', 'server-a', 60_000, now + 62_000), false);
    assert.equal(await leaseHolder('sender', now + 62_000), 'server-b');
  });

  test('a lease given up is free at once; one server cannot give up another’s', async () => {
    assert.equal(await claimLease('purge', 'server-a', 60_000, now), true);
    await releaseLease('purge', 'server-b');
    assert.equal(await claimLease('purge', 'server-b', 60_000, now + 1), false);
    await releaseLease('purge', 'server-a');
    assert.equal(await claimLease('purge', 'server-b', 60_000, now + 2), true);
  });

  test('two servers asking for a free lease through their own connections: exactly one wins', async () => {
    const other = otherServer();
    const claimThere = other.prepare(
      `insert into leases (name, holder, expires_at) values ('race', 'server-b', ?)
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where leases.holder = excluded.holder or leases.expires_at < ?
       returning holder`,
    );
    const here = await claimLease('race', 'server-a', 60_000, now);
    const there = (claimThere.get(now + 60_000, now) as { holder: string } | undefined)?.holder === 'server-b';
    assert.equal(here !== there, true);
    other.close();
  });
});

import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openTemporaryDatabase } from '@/db/test-database';

// What lets several servers share one database: hearing that another one wrote and the page
// invalidations they announce to each other (their leases: leases.test.ts). The "other server" is
// a second connection to the same file, as a second process would have.

await openTemporaryDatabase('several-servers');
const { getConnection } = await import('@/db/index');
const { watchOtherWriters } = await import('@/db/queries/database-changes');
const { announceInvalidation, announcementsSince, forgetOldAnnouncements, latestAnnouncementId, announcementLifetimeMs } =
  await import('@/db/queries/page-invalidations');

function otherServer(): Database.Database {
  const other = new Database(getConnection().sqlite.name);
  other.pragma('busy_timeout = 5000');
  return other;
}

beforeEach(() => {
  getConnection().sqlite.prepare('delete from page_invalidations').run();
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

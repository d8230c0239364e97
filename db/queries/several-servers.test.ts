import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { emptyTables, openTemporaryDatabase, runSql, terminateChangeListener, testDatabaseKind } from '@/db/test-database';
import { sql } from 'drizzle-orm';

// What lets several servers share one database: hearing that another one wrote and the page
// invalidations they announce to each other (their leases: leases.test.ts). The "other server" is
// a second connection to the same database, as a second process would have.

await openTemporaryDatabase('several-servers');
const { getConnection } = await import('@/db/index');
const { watchDatabaseChanges } = await import('@/db/queries/database-changes');
const { announceInvalidation, announcementsSince, forgetOldAnnouncements, latestAnnouncementId, announcementLifetimeMs } =
  await import('@/db/queries/page-invalidations');

function otherServer(): Database.Database {
  const other = new Database(getConnection().sqlite.name);
  other.pragma('busy_timeout = 5000');
  return other;
}

const until = async (condition: () => boolean, what: string) => {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) assert.fail(`still waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

beforeEach(() => emptyTables('page_invalidations'));

describe('hearing that another server wrote (SQLite: data_version)', { skip: testDatabaseKind !== 'sqlite' && 'SQLite only' }, () => {
  test('another connection’s commit is news once; this connection’s own writes never are', async () => {
    const watcher = watchDatabaseChanges(['page_invalidations']);
    assert.equal(watcher.changedSinceLastAsked(), 'unchanged');
    await announceInvalidation('here', { pages: ['/'], nextTags: [] });
    assert.equal(watcher.changedSinceLastAsked(), 'unchanged');
    const other = otherServer();
    other.prepare("insert into settings (key, value) values ('siteTimeZone', '\"Europe/Paris\"')").run();
    assert.equal(watcher.changedSinceLastAsked(), 'changed');
    assert.equal(watcher.changedSinceLastAsked(), 'unchanged');
    other.close();
  });

  test('two watchers do not take each other’s news', async () => {
    const first = watchDatabaseChanges(['page_invalidations']);
    const second = watchDatabaseChanges(['articles']);
    first.changedSinceLastAsked();
    second.changedSinceLastAsked();
    const other = otherServer();
    other.prepare("delete from settings where key = 'siteTimeZone'").run();
    assert.equal(first.changedSinceLastAsked(), 'changed');
    assert.equal(second.changedSinceLastAsked(), 'changed');
    other.close();
  });
});

describe('hearing that the database changed (PostgreSQL: LISTEN/NOTIFY)', { skip: testDatabaseKind !== 'postgres' && 'PostgreSQL only' }, () => {
  test('a change to a watched table is news once, at commit, and calls back at once; other tables are not', async () => {
    const invalidations = watchDatabaseChanges(['page_invalidations']);
    const articles = watchDatabaseChanges(['articles']);
    await invalidations.ready();
    let calls = 0;
    invalidations.onChange(() => calls++);
    assert.equal(invalidations.hearing(), true);
    await announceInvalidation('elsewhere', { pages: ['/'], nextTags: [] });
    await until(() => calls > 0, 'the notification');
    assert.equal(invalidations.changedSinceLastAsked(), 'changed');
    assert.equal(invalidations.changedSinceLastAsked(), 'unchanged');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(articles.changedSinceLastAsked(), 'unchanged', 'articles did not change');
    await runSql(sql`update articles set slug = slug`);
    await until(() => articles.changedSinceLastAsked() === 'changed', 'an article change');
  });

  test('a lost listening connection: not hearing until it listens again, then "unheard" once', async () => {
    const watcher = watchDatabaseChanges(['page_invalidations']);
    await watcher.ready();
    watcher.changedSinceLastAsked();
    await terminateChangeListener();
    const error = console.error;
    console.error = () => {};
    try {
      await until(() => !watcher.hearing(), 'the loss noticed');
      await until(() => watcher.hearing(), 'listening again');
    } finally {
      console.error = error;
    }
    assert.equal(watcher.changedSinceLastAsked(), 'unheard');
    assert.equal(watcher.changedSinceLastAsked(), 'unchanged');
    await announceInvalidation('elsewhere', { pages: ['/'], nextTags: [] });
    await until(() => watcher.changedSinceLastAsked() === 'changed', 'news heard on the new connection');
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

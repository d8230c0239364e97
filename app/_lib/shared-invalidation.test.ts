import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { before, describe, test } from 'node:test';
import { openTemporaryDatabase, testDatabaseKind } from '@/db/test-database';
import type { AnnouncedInvalidation } from '@/db/queries/page-invalidations';

// Two servers on one database (SQLite's file or PostgreSQL): what one invalidates, the other stops serving. This process
// plays server A with the real wiring; server B is another process announcing through the data layer.

await openTemporaryDatabase('shared-invalidation');
const { announcementsSince } = await import('@/db/queries/page-invalidations');
const { startSharingInvalidations, serverName } = await import('./shared-invalidation');
const { catchUpWithOtherServers, invalidate } = await import('@/server/invalidation');
const { getCachedPage, pageCacheGeneration, putCachedPage } = await import('@/server/page-cache');
const { pathTags } = await import('@/server/next-internals');
const manifest = createRequire(import.meta.url)('next/dist/server/lib/incremental-cache/tags-manifest.external.js') as {
  areTagsExpired: (tags: string[], timestamp: number) => boolean;
};

function keep(path: string) {
  const bytes = Buffer.from(path);
  assert.ok(putCachedPage(path, { headers: {}, identity: bytes, gzip: bytes, br: bytes }, pageCacheGeneration()));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 15));

/** Server B: another process on the same database file announces an invalidation. */
function announceFromB(invalidation: AnnouncedInvalidation, origin = 'server-b') {
  const script = `const { announceInvalidation } = await import('@/db/queries/page-invalidations');
await announceInvalidation(${JSON.stringify(origin)}, ${JSON.stringify(invalidation)});
const { closeDataLayer } = await import('@/db/index');
await closeDataLayer();`;
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--input-type=module', '-e', script], {
    env: process.env,
    stdio: 'pipe',
  });
}

describe('page invalidations shared through the database', () => {
  before(() => startSharingInvalidations());

  test('what this server invalidates is announced for the others, under its name', async () => {
    // Resolved once the announcement is committed: another server can read it at once.
    await invalidate({ pages: ['/articles/mine'], nextTags: pathTags('/articles/mine') });
    assert.deepEqual((await announcementsSince(0, 'server-b')).invalidations.at(-1), { pages: ['/articles/mine'], nextTags: ['_N_T_/articles/mine'] });
    assert.deepEqual((await announcementsSince(0, serverName())).invalidations, []);
  });

  test('what another server announces leaves this server’s page cache and Next’s kept pages before the next page is served', async () => {
    keep('/articles/theirs');
    keep('/articles/other');
    const keptAt = Date.now() - 1_000;
    await settle();
    await catchUpWithOtherServers();
    announceFromB({ pages: ['/articles/theirs'], nextTags: pathTags('/articles/theirs') });
    await settle();
    assert.equal(await catchUpWithOtherServers(), true);
    assert.equal(getCachedPage('/articles/theirs')?.stale, true);
    assert.equal(getCachedPage('/articles/other')?.stale, false);
    assert.equal(manifest.areTagsExpired(pathTags('/articles/theirs'), keptAt), true);
    assert.equal(manifest.areTagsExpired(pathTags('/articles/other'), keptAt), false);
  });

  test('an announcement for every page empties them all; with no request, the timer applies it within a second', async () => {
    keep('/articles/a');
    keep('/');
    announceFromB({ pages: 'all', nextTags: pathTags('/', 'layout') });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(getCachedPage('/articles/a'), undefined);
    assert.equal(getCachedPage('/'), undefined);
  });

  test('its own announcements, read back, change nothing here', async () => {
    keep('/articles/again');
    announceFromB({ pages: ['/articles/again'], nextTags: [] }, serverName());
    await settle();
    await catchUpWithOtherServers();
    assert.equal(getCachedPage('/articles/again')?.stale, false);
  });

  test('PostgreSQL: a server whose listening connection is lost serves without its page cache, and once it listens again forgets every kept page', { skip: testDatabaseKind !== 'postgres' && 'PostgreSQL only' }, async () => {
    keep('/articles/kept-through-the-loss');
    assert.equal(await catchUpWithOtherServers(), true);
    const { terminateChangeListener } = await import('@/db/test-database');
    const error = console.error;
    console.error = () => {};
    try {
      await terminateChangeListener();
      for (let waited = 0; (await catchUpWithOtherServers()) === true; waited += 10) {
        assert.ok(waited < 5_000, 'the loss is noticed');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (let waited = 0; (await catchUpWithOtherServers()) === false; waited += 10) {
        assert.ok(waited < 10_000, 'it listens again');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      console.error = error;
    }
    // What was announced meanwhile is unknown: nothing kept from before is served.
    await settle();
    await catchUpWithOtherServers();
    assert.equal(getCachedPage('/articles/kept-through-the-loss'), undefined);
  });
});

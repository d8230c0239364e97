import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { emptyTables, openSecondConnection, openTemporaryDatabase } from '@/db/test-database';

// Leases (db/queries/leases.ts), on SQLite and on PostgreSQL. The "other server" of the races is a
// second connection to the same database, as a second process would have.

await openTemporaryDatabase('leases');
const { claimLease, leaseHolder, releaseLease } = await import('@/db/queries/leases');

beforeEach(() => emptyTables('leases'));

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

  // Many leases asked for at once, so that on PostgreSQL the two servers' statements meet on the
  // server. (On SQLite, one thread: the second connection's statement runs before this server's
  // writer starts, and the file's lock decides.)
  const names = Array.from({ length: 20 }, (_, i) => `race-${i}`);

  async function raceForEach(at: number): Promise<void> {
    const other = await openSecondConnection();
    try {
      await claimLease('warm-up', 'server-b', 60_000, now, other.db);
      const outcomes = await Promise.all(
        names.map((name) => Promise.all([claimLease(name, 'server-a', 60_000, at), claimLease(name, 'server-b', 60_000, at, other.db)])),
      );
      for (const [i, [here, there]] of outcomes.entries()) {
        assert.equal(here !== there, true, `${names[i]}: server-a ${here}, server-b ${there}`);
        assert.equal(await leaseHolder(names[i]!, at), here ? 'server-a' : 'server-b');
      }
    } finally {
      await other.close();
    }
  }

  test('two servers asking for a free lease through their own connections: exactly one wins', async () => {
    await raceForEach(now);
  });

  test('two servers taking over a lapsed lease through their own connections: exactly one wins', async () => {
    for (const name of names) assert.equal(await claimLease(name, 'server-c', 1_000, now), true);
    await raceForEach(now + 2_000);
  });
});

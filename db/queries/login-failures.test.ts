import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTemporaryDatabase } from '@/db/test-database';

// The sign-in throttle's counters (lib/login-throttle.ts holds the rule): per key, in the window.

await openTemporaryDatabase('login-failures');
const { readRecentLoginFailures, recordLoginFailure } = await import('@/db/queries/auth');
const { getDb } = await import('@/db/index');
const { loginFailures } = await import('@/db/schema');
const { loginFailureKeys, loginThrottle } = await import('@/lib/login-throttle');

test('failures are counted per key, in the window only, with the time of the account’s last', async () => {
  const owner = loginFailureKeys('ann@example.com', '203.0.113.7');
  const stranger = loginFailureKeys('ann@example.com', '198.51.100.9');
  assert.deepEqual(await readRecentLoginFailures(owner), { pair: 0, client: 0, account: 0, lastAccountFailure: null });

  await recordLoginFailure(stranger);
  await recordLoginFailure(stranger);
  await recordLoginFailure(owner);
  const now = Date.now();
  await getDb().insert(loginFailures).values({ key: owner.account, createdAt: new Date(now - loginThrottle.windowMs - 1000) });

  const seen = await readRecentLoginFailures(owner, now);
  assert.equal(seen.pair, 1);
  assert.equal(seen.client, 1);
  assert.equal(seen.account, 3, 'from every client, the one outside the window left out');
  assert.ok(seen.lastAccountFailure && now - seen.lastAccountFailure.getTime() < 5_000);
  assert.deepEqual(
    { ...(await readRecentLoginFailures(loginFailureKeys('bob@example.com', '198.51.100.9'), now)), lastAccountFailure: null },
    { pair: 0, client: 2, account: 0, lastAccountFailure: null },
  );
});

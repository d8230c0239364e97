import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyTables, openTemporaryDatabase } from '@/db/test-database';

// The first admin, made by the one-time /setup page.

await openTemporaryDatabase('moderators');
const { createFirstAdmin, needsFirstAdmin } = await import('@/db/queries/moderators');

// Several at once, a few rounds: on PostgreSQL they must meet on the server for the test to mean anything.
test('first admins sent at once from several setup pages: one account is made, the others refused', async () => {
  for (let round = 0; round < 10; round++) {
    await emptyTables('users');
    assert.equal(await needsFirstAdmin(), true);
    const made = await Promise.all(
      ['Ada', 'Bea', 'Cy', 'Di'].map((name) => createFirstAdmin({ email: `${name.toLowerCase()}@example.com`, name, password: 'a long enough passphrase' })),
    );
    assert.deepEqual(made.sort(), [false, false, false, true], `round ${round}`);
    assert.equal(await needsFirstAdmin(), false);
  }
});

import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { emptyTables, openTemporaryDatabase } from '@/db/test-database';

// Which bans apply to a new comment.

await openTemporaryDatabase('bans');
const { getDb } = await import('@/db/index');
const { bans } = await import('@/db/schema');
const { findBanReason } = await import('@/db/queries/bans');


beforeEach(() => emptyTables('comments', 'bans', 'settings'));



describe('findBanReason', () => {
  async function ban(values: Partial<typeof bans.$inferInsert> & Pick<typeof bans.$inferInsert, 'kind' | 'value'>) {
    await getDb().insert(bans).values(values);
  }

  test('nobody is banned by default', async () => {
    assert.equal(await findBanReason('ann@example.com', '203.0.113.7'), null);
    assert.equal(await findBanReason('ann@example.com', null), null);
  });

  test('a banned email, in any letter case', async () => {
    await ban({ kind: 'email', value: 'spammer@example.com' });
    assert.equal(await findBanReason('Spammer@Example.com', '203.0.113.7'), 'banned email');
    assert.equal(await findBanReason('ann@example.com', '203.0.113.7'), null);
  });

  test('a banned address and a banned range, IPv4 and IPv6', async () => {
    await ban({ kind: 'ip', value: '198.51.100.9' });
    await ban({ kind: 'ip', value: '203.0.113.0', prefixBits: 24 });
    await ban({ kind: 'ip', value: '2001:db8::', prefixBits: 32 });
    assert.equal(await findBanReason('a@example.com', '198.51.100.9'), 'banned address');
    assert.equal(await findBanReason('a@example.com', '198.51.100.10'), null);
    assert.equal(await findBanReason('a@example.com', '203.0.113.200'), 'banned address');
    assert.equal(await findBanReason('a@example.com', '::ffff:203.0.113.200'), 'banned address');
    assert.equal(await findBanReason('a@example.com', '2001:db8:ffff::1'), 'banned address');
    assert.equal(await findBanReason('a@example.com', '2001:db9::1'), null);
    assert.equal(await findBanReason('a@example.com', null), null);
  });

  test('lifted and expired bans no longer apply; a future expiry still does', async () => {
    await ban({ kind: 'email', value: 'lifted@example.com', liftedAt: new Date(Date.now() - 1000) });
    await ban({ kind: 'email', value: 'expired@example.com', expiresAt: new Date(Date.now() - 1000) });
    await ban({ kind: 'email', value: 'later@example.com', expiresAt: new Date(Date.now() + 60_000) });
    await ban({ kind: 'ip', value: '192.0.2.0', prefixBits: 24, liftedAt: new Date() });
    assert.equal(await findBanReason('lifted@example.com', null), null);
    assert.equal(await findBanReason('expired@example.com', null), null);
    assert.equal(await findBanReason('later@example.com', null), 'banned email');
    assert.equal(await findBanReason('a@example.com', '192.0.2.1'), null);
  });

  test('an email ban does not match by address, nor an address ban by email', async () => {
    await ban({ kind: 'email', value: '203.0.113.7' });
    await ban({ kind: 'ip', value: 'ann@example.com' });
    assert.equal(await findBanReason('ann@example.com', '203.0.113.7'), null);
  });
});


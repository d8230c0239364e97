import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { emptyTables, heldTestComment, openTemporaryDatabase, sqlRows } from '@/db/test-database';

// The posting half of db/queries/comments.ts: the checks a post is read against (flood counts,
// duplicates, bans, idempotency keys) and submitComment.

await openTemporaryDatabase('comments-posting');
const { getDb } = await import('@/db/index');
const { isUniqueViolation } = await import('@/db/dialect');
const { articles, bans, comments } = await import('@/db/schema');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { createComment, getCommentByIdempotencyKey, readPostingChecks, submitComment } = await import('@/db/queries/comments');
type NewComment = import('@/db/queries/comments').NewComment;

let articleId = 0;
let otherArticleId = 0;

before(async () => {
  const launch = await getArticleBySlug('starmer-us-security-guarantee');
  assert.ok(launch);
  articleId = launch.id;
  const [other] = await getDb()
    .insert(articles)
    .values({ slug: 'abuse-second', headline: 'Second', standfirst: 'S', body: '[]', publishedAt: new Date() })
    .returning({ id: articles.id });
  otherArticleId = other!.id;
});

beforeEach(() => emptyTables('comments', 'bans', 'settings'));

async function post(overrides: Partial<NewComment> = {}) {
  return createComment(heldTestComment(articleId, overrides));
}

async function age(id: number, msAgo: number) {
  await getDb().update(comments).set({ createdAt: new Date(Date.now() - msAgo) }).where(eq(comments.id, id));
}

const checkLimits = { floodSeconds: 15, hourlyLimit: 100, networkHourlyLimit: 100, pendingPerMinute: 100 };

/** The checks for a post from `from`, with a flood interval of 15 s and the given limits. */
function checksFor(from: { ip?: string | null; authorEmail?: string; articleId?: number; body?: string }, hourlyLimit = 100, limits: Partial<typeof checkLimits> = {}) {
  const post = { articleId, ip: null, authorEmail: 'nobody@example.com', body: 'Words.', idempotencyKey: null, ...from };
  return readPostingChecks(post, { ...checkLimits, hourlyLimit, ...limits });
}

describe('readPostingChecks: flood counts', () => {
  test('counts by address and by email (any letter case), in the interval and the last hour', async () => {
    const a = (await post()).id;
    const b = (await post({ authorEmail: 'other@example.com' })).id;
    await post({ ip: '198.51.100.1', authorEmail: 'third@example.com' });
    await age(a, 20_000);
    await age(b, 5_000);
    assert.deepEqual((await checksFor({ ip: '203.0.113.7' })).floodCounts.address, { lastWindow: 1, lastHour: 2 });
    assert.deepEqual((await checksFor({ authorEmail: 'ANN@example.com' })).floodCounts.email, { lastWindow: 0, lastHour: 1 });
    assert.deepEqual((await checksFor({ ip: '192.0.2.1' })).floodCounts.address, { lastWindow: 0, lastHour: 0 });
    assert.deepEqual((await checksFor({ ip: null })).floodCounts.address, { lastWindow: 0, lastHour: 0 }, 'no address, nothing counted');
  });

  test('comments older than an hour do not count; spam and other articles do', async () => {
    const old = (await post()).id;
    await age(old, 3_700_000);
    const spam = (await post({ status: 'spam', heldReason: 'x', articleId: otherArticleId })).id;
    await age(spam, 60_000);
    assert.equal((await checksFor({ ip: '203.0.113.7' })).floodCounts.address.lastHour, 1);
  });

  test('stops counting at the most the hourly limit needs', async () => {
    for (let i = 0; i < 5; i++) await post({ body: `Comment ${i}.` });
    assert.equal((await checksFor({ ip: '203.0.113.7' }, 3)).floodCounts.address.lastHour, 3);
    assert.equal((await checksFor({ ip: '203.0.113.7' }, 10)).floodCounts.address.lastHour, 5);
    assert.equal((await checksFor({ ip: '203.0.113.7' }, 10)).floodCounts.address.lastWindow, 1, 'the interval needs one');
  });
});

describe('readPostingChecks: networks and the held-comment ceiling', () => {
  test('comments from every address of one network count together, up to its limit', async () => {
    for (const ip of ['203.0.113.7', '203.0.113.8', '::ffff:203.0.113.9']) await post({ ip, authorEmail: `${ip}@example.com` });
    await post({ ip: '203.0.114.7', authorEmail: 'elsewhere@example.com' });
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2:aaaa::9']) await post({ ip, authorEmail: `${ip.replace(/:/g, '-')}@example.com` });
    assert.equal((await checksFor({ ip: '203.0.113.200' })).floodCounts.networkLastHour, 3);
    assert.equal((await checksFor({ ip: '203.0.113.200' }, 100, { networkHourlyLimit: 2 })).floodCounts.networkLastHour, 2, 'counting stops at the limit');
    assert.equal((await checksFor({ ip: '2001:db8:1:2:ffff::1' })).floodCounts.networkLastHour, 2);
    assert.equal((await checksFor({ ip: '2001:db8:1:3::1' })).floodCounts.networkLastHour, 0);
  });

  test('held comments of the last minute count site-wide, up to the ceiling; 0 counts nothing', async () => {
    for (let i = 0; i < 3; i++) await post({ body: `Held ${i}.`, authorEmail: `held${i}@example.com`, ip: `198.51.100.${i}` });
    const older = (await post({ body: 'Older.', authorEmail: 'older@example.com' })).id;
    await age(older, 61_000);
    await post({ body: 'Spam.', status: 'spam', heldReason: 'x', authorEmail: 'spam@example.com' });
    assert.equal((await checksFor({})).pendingLastMinute, 3);
    assert.equal((await checksFor({}, 100, { pendingPerMinute: 2 })).pendingLastMinute, 2);
    assert.equal((await checksFor({}, 100, { pendingPerMinute: 0 })).pendingLastMinute, 0);
  });
});

describe('readPostingChecks: duplicates', () => {
  const duplicate = async (from: Parameters<typeof checksFor>[0]) => (await checksFor(from)).duplicate;

  test('same text, same email (any case), same article', async () => {
    await post({ body: 'Same words.' });
    assert.equal(await duplicate({ authorEmail: 'ann@example.com', body: 'Same words.' }), true);
    assert.equal(await duplicate({ authorEmail: 'ANN@EXAMPLE.COM', body: 'Same words.' }), true);
  });

  test('another email, another article or other words are not duplicates', async () => {
    await post({ body: 'Same words.' });
    assert.equal(await duplicate({ authorEmail: 'bob@example.com', body: 'Same words.' }), false);
    assert.equal(await duplicate({ authorEmail: 'ann@example.com', body: 'Same words.', articleId: otherArticleId }), false);
    assert.equal(await duplicate({ authorEmail: 'ann@example.com', body: 'Same words!' }), false);
  });

  test('a trashed comment may be said again; approved, pending and spam ones may not', async () => {
    for (const status of ['approved', 'pending', 'spam', 'trash'] as const) {
      await emptyTables('comments');
      const { id } = await post({ body: 'Again.' });
      await getDb().update(comments).set({ status }).where(eq(comments.id, id));
      assert.equal(await duplicate({ authorEmail: 'ann@example.com', body: 'Again.' }), status !== 'trash', status);
    }
  });
});

describe('readPostingChecks: bans, earlier attempts, approved comments', () => {
  test('an email ban in force on this email; any address ban in force', async () => {
    const now = Date.now();
    await getDb().insert(bans).values([
      { kind: 'email', value: 'spammer@example.com', createdAt: new Date(now) },
      { kind: 'email', value: 'lifted@example.com', createdAt: new Date(now), liftedAt: new Date(now) },
    ]);
    assert.equal((await checksFor({ authorEmail: 'Spammer@Example.com' })).emailBanned, true);
    assert.equal((await checksFor({ authorEmail: 'lifted@example.com' })).emailBanned, false);
    assert.equal((await checksFor({})).addressBansInForce, false);
    await getDb().insert(bans).values({ kind: 'ip', value: '198.51.100.0', prefixBits: 24, createdAt: new Date(now), expiresAt: new Date(now - 1000) });
    assert.equal((await checksFor({})).addressBansInForce, false, 'an expired ban is not in force');
    await getDb().insert(bans).values({ kind: 'ip', value: '198.51.100.9', createdAt: new Date(now) });
    assert.equal((await checksFor({})).addressBansInForce, true);
  });

  test('an earlier attempt of the same form; an approved comment from the email', async () => {
    await post({ idempotencyKey: 'form-1', status: 'pending' });
    const earlier = await readPostingChecks(
      { articleId, ip: null, authorEmail: 'ann@example.com', body: 'x', idempotencyKey: 'form-1' },
      checkLimits,
    );
    assert.equal(earlier.sentBefore, true);
    assert.equal(earlier.authorHasApprovedComment, false, 'a pending comment does not count');
    assert.equal((await checksFor({})).sentBefore, false, 'no key, no earlier attempt');
    const { id } = await post({ status: 'spam' });
    assert.equal((await checksFor({ authorEmail: 'ann@example.com' })).authorHasApprovedComment, false, 'a spam comment does not count');
    await getDb().update(comments).set({ status: 'approved' }).where(eq(comments.id, id));
    assert.equal((await checksFor({ authorEmail: 'ANN@example.com' })).authorHasApprovedComment, true, 'any letter case');
    assert.equal((await checksFor({ authorEmail: 'someone-else@example.com' })).authorHasApprovedComment, false);
  });
});

describe('submitComment', () => {
  const input = {
    articleId: 0,
    parentId: null,
    authorName: 'Ann',
    authorEmail: 'Ann@Example.com',
    authorUrl: null,
    body: 'Submitted words.',
    readerToken: 'reader-a',
    ip: '203.0.113.7',
    userAgent: 'UnitTest/1.0',
  };
  const held = async () => ({ status: 'pending' as const, heldReason: 'every comment is held for review' });
  const limits = { floodSeconds: 15, hourlyLimit: 10, networkHourlyLimit: 30, pendingPerMinute: 100 };

  test('the same words sent twice at once: one is stored, the other is a duplicate', async () => {
    const both = await Promise.all([
      submitComment({ ...input, articleId, idempotencyKey: 'tab-1' }, { flood: null, decide: held }),
      submitComment({ ...input, articleId, idempotencyKey: 'tab-2' }, { flood: null, decide: held }),
    ]);
    // Which one wins is the database's to decide (on PostgreSQL, whichever takes the lock first).
    assert.deepEqual(
      both.map((o) => o.result).sort(),
      ['duplicate', 'stored'],
    );
  });

  test('the same form sent twice at once: one comment, both answered with it', async () => {
    const both = await Promise.all([
      submitComment({ ...input, articleId, idempotencyKey: 'form-1' }, { flood: null, decide: held }),
      submitComment({ ...input, articleId, idempotencyKey: 'form-1' }, { flood: null, decide: held }),
    ]);
    const stored = both.find((o) => o.result === 'stored');
    const sentBefore = both.find((o) => o.result === 'sent-before');
    assert.ok(stored && sentBefore, 'one stored, the other answered as sent before (in either order)');
    assert.ok(stored.result === 'stored' && sentBefore.result === 'sent-before');
    assert.equal(stored.comment.id, sentBefore.comment.id);
  });

  test('flood limits apply to readers and not to moderators', async () => {
    const first = await submitComment({ ...input, articleId, body: 'One.' }, { flood: limits, decide: held });
    assert.equal(first.result, 'stored');
    const second = await submitComment({ ...input, articleId, body: 'Two.', ip: '192.0.2.1' }, { flood: limits, decide: held });
    assert.equal(second.result, 'flooding', 'the same email within the window');
    const staff = await submitComment({ ...input, articleId, body: 'Two.', ip: '192.0.2.1' }, { flood: null, decide: held });
    assert.equal(staff.result, 'stored');
  });

  test('a network at its limit floods, whatever the address and email', async () => {
    const network = { ...limits, floodSeconds: 0, networkHourlyLimit: 2 };
    for (const [i, ip] of ['203.0.113.1', '203.0.113.2', '203.0.113.3'].entries()) {
      const outcome = await submitComment({ ...input, articleId, ip, authorEmail: `n${i}@example.com`, body: `N${i}.` }, { flood: network, decide: held });
      assert.equal(outcome.result, i < 2 ? 'stored' : 'flooding', ip);
    }
    const elsewhere = await submitComment({ ...input, articleId, ip: '203.0.120.1', authorEmail: 'n9@example.com', body: 'N9.' }, { flood: network, decide: held });
    assert.equal(elsewhere.result, 'stored', 'another network');
  });

  test('past the held-comment ceiling a comment that would be held is refused; one published at once, or staff, is not', async () => {
    const ceiling = { ...limits, floodSeconds: 0, pendingPerMinute: 2 };
    const from = (i: number) => ({ ...input, articleId, ip: `198.51.${i}.1`, authorEmail: `q${i}@example.com`, body: `Q${i}.` });
    assert.equal((await submitComment(from(1), { flood: ceiling, decide: held })).result, 'stored');
    assert.equal((await submitComment(from(2), { flood: ceiling, decide: held })).result, 'stored');
    assert.equal((await submitComment(from(3), { flood: ceiling, decide: held })).result, 'queue-full');
    const published = async () => ({ status: 'approved' as const, heldReason: null });
    assert.equal((await submitComment(from(4), { flood: ceiling, decide: published })).result, 'stored');
    assert.equal((await submitComment(from(5), { flood: null, decide: held })).result, 'stored');
    const [row] = await sqlRows<{ n: number | string }>(sql`select count(*) as n from comments where status = 'pending'`);
    assert.equal(Number(row!.n), 3);
  });

  test('the decision sees bans and earlier approvals, and its status is stored', async () => {
    await getDb().insert(bans).values({ kind: 'ip', value: '203.0.113.0', prefixBits: 24, note: 'unit' });
    const outcome = await submitComment(
      { ...input, articleId },
      {
        flood: null,
        decide: async ({ banReason, authorHasApprovedComment }) => {
          assert.equal(await authorHasApprovedComment(), false);
          const reason = await banReason();
          return reason ? { status: 'spam', heldReason: reason } : held();
        },
      },
    );
    assert.ok(outcome.result === 'stored');
    assert.equal(outcome.status, 'spam');
    const [row] = await sqlRows(sql`select status, held_reason as reason, author_email as email from comments`);
    assert.deepEqual(row, { status: 'spam', reason: 'banned address', email: 'ann@example.com' });
  });
});

describe('idempotency keys', () => {
  test('the comment made with a key is found by it, in its public shape', async () => {
    const { id } = await post({ idempotencyKey: 'key-1' });
    const found = await getCommentByIdempotencyKey('key-1');
    assert.equal(found?.id, id);
    assert.equal(found?.pending, true);
    assert.ok(found && !('authorEmail' in found) && !('ip' in found));
    assert.equal(await getCommentByIdempotencyKey('key-2'), null);
  });

  test('a second insert with the same key fails, so a race stores one comment', async () => {
    await post({ idempotencyKey: 'key-1' });
    await assert.rejects(async () => post({ idempotencyKey: 'key-1' }), isUniqueViolation);
    assert.equal(await getDb().$count(comments), 1);
  });

  test('comments without a key do not clash with each other', async () => {
    await post({ idempotencyKey: null });
    await post({ idempotencyKey: null });
    await post();
    assert.equal(await getDb().$count(comments), 3);
  });
});


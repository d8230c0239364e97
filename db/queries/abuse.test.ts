import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

// The data layer behind the abuse rules: flood counts, duplicates, idempotency keys, bans, settings.

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-abuse-'));
process.env.DATABASE_URL = `file:${folder}/margin.db`;
process.env.AUTH_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';

const { getConnection, getDb } = await import('@/db/index');
const { articles, bans, settings } = await import('@/db/schema');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { countCommentsSince, createComment, getCommentByIdempotencyKey, hasDuplicateComment, submitComment } = await import(
  '@/db/queries/comments'
);
const { inWriteBatch } = await import('@/db/write-batch');
const { findBanReason } = await import('@/db/queries/bans');
const { getDiscussionSettings } = await import('@/db/queries/settings');
const { defaultSettings } = await import('@/lib/settings');
type NewComment = import('@/db/queries/comments').NewComment;

after(() => {
  getConnection().sqlite.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

let articleId = 0;
let otherArticleId = 0;

before(() => {
  const launch = getArticleBySlug('starmer-us-security-guarantee');
  assert.ok(launch);
  articleId = launch.id;
  otherArticleId = getDb()
    .insert(articles)
    .values({ slug: 'abuse-second', headline: 'Second', standfirst: 'S', body: '[]', publishedAt: new Date() })
    .returning({ id: articles.id })
    .get().id;
});

beforeEach(() => {
  const sqlite = getConnection().sqlite;
  sqlite.prepare('delete from comments').run();
  sqlite.prepare('delete from bans').run();
  sqlite.prepare('delete from settings').run();
});

function post(overrides: Partial<NewComment> = {}) {
  return createComment({
    articleId,
    parentId: null,
    authorName: 'Ann',
    authorEmail: 'ann@example.com',
    authorUrl: null,
    body: 'A comment.',
    status: 'pending',
    heldReason: 'every comment is held for review',
    readerToken: 'reader-a',
    ip: '203.0.113.7',
    userAgent: 'UnitTest/1.0',
    ...overrides,
  });
}

function age(id: number, msAgo: number) {
  getConnection().sqlite.prepare('update comments set created_at = ? where id = ?').run(Date.now() - msAgo, id);
}

describe('countCommentsSince', () => {
  test('counts by address and by email (any letter case), after the given time only', () => {
    const a = post().id;
    const b = post({ authorEmail: 'other@example.com' }).id;
    post({ ip: '198.51.100.1', authorEmail: 'third@example.com' });
    age(a, 20_000);
    age(b, 5_000);
    const window = new Date(Date.now() - 15_000);
    const hour = new Date(Date.now() - 3_600_000);
    assert.equal(countCommentsSince({ ip: '203.0.113.7' }, window), 1);
    assert.equal(countCommentsSince({ ip: '203.0.113.7' }, hour), 2);
    assert.equal(countCommentsSince({ email: 'ANN@example.com' }, window), 0);
    assert.equal(countCommentsSince({ email: 'Ann@Example.com' }, hour), 1);
    assert.equal(countCommentsSince({ ip: '192.0.2.1' }, hour), 0);
  });

  test('comments older than an hour do not count; spam and other articles do', () => {
    const old = post().id;
    age(old, 3_700_000);
    const spam = post({ status: 'spam', heldReason: 'x', articleId: otherArticleId }).id;
    age(spam, 60_000);
    assert.equal(countCommentsSince({ ip: '203.0.113.7' }, new Date(Date.now() - 3_600_000)), 1);
  });
});

describe('hasDuplicateComment', () => {
  test('same text, same email (any case), same article', () => {
    post({ body: 'Same words.' });
    assert.equal(hasDuplicateComment(articleId, 'ann@example.com', 'Same words.'), true);
    assert.equal(hasDuplicateComment(articleId, 'ANN@EXAMPLE.COM', 'Same words.'), true);
  });

  test('another email, another article or other words are not duplicates', () => {
    post({ body: 'Same words.' });
    assert.equal(hasDuplicateComment(articleId, 'bob@example.com', 'Same words.'), false);
    assert.equal(hasDuplicateComment(otherArticleId, 'ann@example.com', 'Same words.'), false);
    assert.equal(hasDuplicateComment(articleId, 'ann@example.com', 'Same words!'), false);
  });

  test('a trashed comment may be said again; approved, pending and spam ones may not', () => {
    const sqlite = getConnection().sqlite;
    for (const status of ['approved', 'pending', 'spam', 'trash'] as const) {
      sqlite.prepare('delete from comments').run();
      const { id } = post({ body: 'Again.' });
      sqlite.prepare('update comments set status = ? where id = ?').run(status, id);
      assert.equal(hasDuplicateComment(articleId, 'ann@example.com', 'Again.'), status !== 'trash', status);
    }
  });
});

describe('countCommentsSince with a limit', () => {
  test('stops counting at the most a limit needs', () => {
    for (let i = 0; i < 5; i++) post({ body: `Comment ${i}.` });
    const hour = new Date(Date.now() - 3_600_000);
    assert.equal(countCommentsSince({ ip: '203.0.113.7' }, hour, 3), 3);
    assert.equal(countCommentsSince({ ip: '203.0.113.7' }, hour, 10), 5);
    assert.equal(countCommentsSince({ ip: '203.0.113.7' }, hour), 5);
  });
});

describe('group commit (inWriteBatch)', () => {
  const count = () => (getConnection().sqlite.prepare('select count(*) as n from comments').get() as { n: number }).n;

  test('writes sent together share one transaction and settle after it commits', async () => {
    let inTransaction: boolean[] = [];
    const writes = [1, 2, 3].map((i) =>
      inWriteBatch(() => {
        inTransaction.push(getConnection().sqlite.inTransaction);
        return post({ body: `Batched ${i}.` }).id;
      }),
    );
    assert.equal(count(), 0, 'nothing runs before the batch is flushed');
    const ids = await Promise.all(writes);
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(inTransaction, [true, true, true]);
    assert.equal(getConnection().sqlite.inTransaction, false, 'committed when the promises settle');
    assert.equal(count(), 3);
    inTransaction = [];
  });

  test('a write that throws is undone alone; the others in its batch are stored', async () => {
    post({ idempotencyKey: 'taken' });
    const results = await Promise.allSettled([
      inWriteBatch(() => post({ body: 'Before.' }).id),
      inWriteBatch(() => {
        post({ body: 'Half done.' });
        post({ idempotencyKey: 'taken' });
      }),
      inWriteBatch(() => post({ body: 'After.' }).id),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const bodies = (getConnection().sqlite.prepare('select body from comments order by id').all() as { body: string }[]).map((r) => r.body);
    assert.deepEqual(bodies, ['A comment.', 'Before.', 'After.'], 'the failed write left nothing behind');
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
  const held = () => ({ status: 'pending' as const, heldReason: 'every comment is held for review' });
  const limits = { floodSeconds: 15, hourlyLimit: 10 };

  test('the same words sent twice at once: one is stored, the other is a duplicate', async () => {
    const both = await Promise.all([
      submitComment({ ...input, articleId, idempotencyKey: 'tab-1' }, { flood: null, decide: held }),
      submitComment({ ...input, articleId, idempotencyKey: 'tab-2' }, { flood: null, decide: held }),
    ]);
    assert.deepEqual(
      both.map((o) => o.result),
      ['stored', 'duplicate'],
    );
  });

  test('the same form sent twice at once: one comment, both answered with it', async () => {
    const both = await Promise.all([
      submitComment({ ...input, articleId, idempotencyKey: 'form-1' }, { flood: null, decide: held }),
      submitComment({ ...input, articleId, idempotencyKey: 'form-1' }, { flood: null, decide: held }),
    ]);
    assert.equal(both[0].result, 'stored');
    assert.equal(both[1].result, 'sent-before');
    assert.ok(both[0].result === 'stored' && both[1].result === 'sent-before');
    assert.equal(both[0].comment.id, both[1].comment.id);
  });

  test('flood limits apply to readers and not to moderators', async () => {
    const first = await submitComment({ ...input, articleId, body: 'One.' }, { flood: limits, decide: held });
    assert.equal(first.result, 'stored');
    const second = await submitComment({ ...input, articleId, body: 'Two.', ip: '192.0.2.1' }, { flood: limits, decide: held });
    assert.equal(second.result, 'flooding', 'the same email within the window');
    const staff = await submitComment({ ...input, articleId, body: 'Two.', ip: '192.0.2.1' }, { flood: null, decide: held });
    assert.equal(staff.result, 'stored');
  });

  test('the decision sees bans and earlier approvals, and its status is stored', async () => {
    getDb().insert(bans).values({ kind: 'ip', value: '203.0.113.0', prefixBits: 24, note: 'unit' }).run();
    const outcome = await submitComment(
      { ...input, articleId },
      {
        flood: null,
        decide: ({ banReason, authorHasApprovedComment }) => {
          assert.equal(authorHasApprovedComment(), false);
          const reason = banReason();
          return reason ? { status: 'spam', heldReason: reason } : held();
        },
      },
    );
    assert.ok(outcome.result === 'stored');
    assert.equal(outcome.status, 'spam');
    const row = getConnection().sqlite.prepare('select status, held_reason as reason, author_email as email from comments').get();
    assert.deepEqual(row, { status: 'spam', reason: 'banned address', email: 'ann@example.com' });
  });
});

describe('idempotency keys', () => {
  test('the comment made with a key is found by it, in its public shape', () => {
    const { id } = post({ idempotencyKey: 'key-1' });
    const found = getCommentByIdempotencyKey('key-1');
    assert.equal(found?.id, id);
    assert.equal(found?.pending, true);
    assert.ok(found && !('authorEmail' in found) && !('ip' in found));
    assert.equal(getCommentByIdempotencyKey('key-2'), null);
  });

  test('a second insert with the same key fails, so a race stores one comment', () => {
    post({ idempotencyKey: 'key-1' });
    assert.throws(() => post({ idempotencyKey: 'key-1' }), /UNIQUE/);
    const n = getConnection().sqlite.prepare('select count(*) as n from comments').get() as { n: number };
    assert.equal(n.n, 1);
  });

  test('comments without a key do not clash with each other', () => {
    post({ idempotencyKey: null });
    post({ idempotencyKey: null });
    post();
    const n = getConnection().sqlite.prepare('select count(*) as n from comments').get() as { n: number };
    assert.equal(n.n, 3);
  });
});

describe('findBanReason', () => {
  function ban(values: Partial<typeof bans.$inferInsert> & Pick<typeof bans.$inferInsert, 'kind' | 'value'>) {
    getDb().insert(bans).values(values).run();
  }

  test('nobody is banned by default', () => {
    assert.equal(findBanReason('ann@example.com', '203.0.113.7'), null);
    assert.equal(findBanReason('ann@example.com', null), null);
  });

  test('a banned email, in any letter case', () => {
    ban({ kind: 'email', value: 'spammer@example.com' });
    assert.equal(findBanReason('Spammer@Example.com', '203.0.113.7'), 'banned email');
    assert.equal(findBanReason('ann@example.com', '203.0.113.7'), null);
  });

  test('a banned address and a banned range, IPv4 and IPv6', () => {
    ban({ kind: 'ip', value: '198.51.100.9' });
    ban({ kind: 'ip', value: '203.0.113.0', prefixBits: 24 });
    ban({ kind: 'ip', value: '2001:db8::', prefixBits: 32 });
    assert.equal(findBanReason('a@example.com', '198.51.100.9'), 'banned address');
    assert.equal(findBanReason('a@example.com', '198.51.100.10'), null);
    assert.equal(findBanReason('a@example.com', '203.0.113.200'), 'banned address');
    assert.equal(findBanReason('a@example.com', '::ffff:203.0.113.200'), 'banned address');
    assert.equal(findBanReason('a@example.com', '2001:db8:ffff::1'), 'banned address');
    assert.equal(findBanReason('a@example.com', '2001:db9::1'), null);
    assert.equal(findBanReason('a@example.com', null), null);
  });

  test('lifted and expired bans no longer apply; a future expiry still does', () => {
    ban({ kind: 'email', value: 'lifted@example.com', liftedAt: new Date(Date.now() - 1000) });
    ban({ kind: 'email', value: 'expired@example.com', expiresAt: new Date(Date.now() - 1000) });
    ban({ kind: 'email', value: 'later@example.com', expiresAt: new Date(Date.now() + 60_000) });
    ban({ kind: 'ip', value: '192.0.2.0', prefixBits: 24, liftedAt: new Date() });
    assert.equal(findBanReason('lifted@example.com', null), null);
    assert.equal(findBanReason('expired@example.com', null), null);
    assert.equal(findBanReason('later@example.com', null), 'banned email');
    assert.equal(findBanReason('a@example.com', '192.0.2.1'), null);
  });

  test('an email ban does not match by address, nor an address ban by email', () => {
    ban({ kind: 'email', value: '203.0.113.7' });
    ban({ kind: 'ip', value: 'ann@example.com' });
    assert.equal(findBanReason('ann@example.com', '203.0.113.7'), null);
  });
});

describe('getDiscussionSettings', () => {
  test('the defaults are the issue\'s: 3 s, 15 s, 10 an hour, 2 links, every comment held', () => {
    const current = getDiscussionSettings();
    assert.deepEqual(current, defaultSettings);
    assert.equal(current.minSecondsBeforePost, 3);
    assert.equal(current.floodSeconds, 15);
    assert.equal(current.hourlyLimit, 10);
    assert.equal(current.holdLinkCount, 2);
    assert.deepEqual(current.moderationWords, []);
    assert.deepEqual(current.disallowedWords, []);
  });

  test('stored JSON values override the defaults; a value that is not JSON falls back', () => {
    getDb()
      .insert(settings)
      .values([
        { key: 'floodSeconds', value: '30' },
        { key: 'moderationWords', value: '["refund","press"]' },
        { key: 'hourlyLimit', value: 'not json' },
      ])
      .run();
    const current = getDiscussionSettings();
    assert.equal(current.floodSeconds, 30);
    assert.deepEqual(current.moderationWords, ['refund', 'press']);
    assert.equal(current.hourlyLimit, 10);
  });

  test('a stored value of the wrong type or out of range falls back to the default; unknown keys are ignored', () => {
    getDb()
      .insert(settings)
      .values([
        { key: 'floodSeconds', value: '"fifteen"' },
        { key: 'hourlyLimit', value: '0' },
        { key: 'threadDepth', value: '2.5' },
        { key: 'approvalPolicy', value: '"sometimes"' },
        { key: 'moderationWords', value: '"refund"' },
        { key: 'closeAfterDays', value: 'null' },
        { key: 'commentsPerPage', value: '20' },
        { key: 'somethingElse', value: '1' },
      ])
      .run();
    const current = getDiscussionSettings();
    assert.deepEqual(current, { ...defaultSettings, closeAfterDays: null, commentsPerPage: 20 });
    assert.ok(!('somethingElse' in current));
  });
});

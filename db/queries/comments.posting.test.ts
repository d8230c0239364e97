import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { emptyTables, heldTestComment, openTemporaryDatabase, sqlRows } from '@/db/test-database';

// The posting half of db/queries/comments.ts: flood counts, duplicates, idempotency keys, submitComment.

await openTemporaryDatabase('comments-posting');
const { getDb } = await import('@/db/index');
const { isUniqueViolation } = await import('@/db/dialect');
const { articles, bans, comments } = await import('@/db/schema');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { countCommentsSince, createComment, getCommentByIdempotencyKey, hasDuplicateComment, submitComment } = await import('@/db/queries/comments');
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

describe('countCommentsSince', () => {
  test('counts by address and by email (any letter case), after the given time only', async () => {
    const a = (await post()).id;
    const b = (await post({ authorEmail: 'other@example.com' })).id;
    await post({ ip: '198.51.100.1', authorEmail: 'third@example.com' });
    await age(a, 20_000);
    await age(b, 5_000);
    const window = new Date(Date.now() - 15_000);
    const hour = new Date(Date.now() - 3_600_000);
    assert.equal(await countCommentsSince({ ip: '203.0.113.7' }, window), 1);
    assert.equal(await countCommentsSince({ ip: '203.0.113.7' }, hour), 2);
    assert.equal(await countCommentsSince({ email: 'ANN@example.com' }, window), 0);
    assert.equal(await countCommentsSince({ email: 'Ann@Example.com' }, hour), 1);
    assert.equal(await countCommentsSince({ ip: '192.0.2.1' }, hour), 0);
  });

  test('comments older than an hour do not count; spam and other articles do', async () => {
    const old = (await post()).id;
    await age(old, 3_700_000);
    const spam = (await post({ status: 'spam', heldReason: 'x', articleId: otherArticleId })).id;
    await age(spam, 60_000);
    assert.equal(await countCommentsSince({ ip: '203.0.113.7' }, new Date(Date.now() - 3_600_000)), 1);
  });
});

describe('hasDuplicateComment', () => {
  test('same text, same email (any case), same article', async () => {
    await post({ body: 'Same words.' });
    assert.equal(await hasDuplicateComment(articleId, 'ann@example.com', 'Same words.'), true);
    assert.equal(await hasDuplicateComment(articleId, 'ANN@EXAMPLE.COM', 'Same words.'), true);
  });

  test('another email, another article or other words are not duplicates', async () => {
    await post({ body: 'Same words.' });
    assert.equal(await hasDuplicateComment(articleId, 'bob@example.com', 'Same words.'), false);
    assert.equal(await hasDuplicateComment(otherArticleId, 'ann@example.com', 'Same words.'), false);
    assert.equal(await hasDuplicateComment(articleId, 'ann@example.com', 'Same words!'), false);
  });

  test('a trashed comment may be said again; approved, pending and spam ones may not', async () => {
    for (const status of ['approved', 'pending', 'spam', 'trash'] as const) {
      await emptyTables('comments');
      const { id } = await post({ body: 'Again.' });
      await getDb().update(comments).set({ status }).where(eq(comments.id, id));
      assert.equal(await hasDuplicateComment(articleId, 'ann@example.com', 'Again.'), status !== 'trash', status);
    }
  });
});

describe('countCommentsSince with a limit', () => {
  test('stops counting at the most a limit needs', async () => {
    for (let i = 0; i < 5; i++) await post({ body: `Comment ${i}.` });
    const hour = new Date(Date.now() - 3_600_000);
    assert.equal(await countCommentsSince({ ip: '203.0.113.7' }, hour, 3), 3);
    assert.equal(await countCommentsSince({ ip: '203.0.113.7' }, hour, 10), 5);
    assert.equal(await countCommentsSince({ ip: '203.0.113.7' }, hour), 5);
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
  const limits = { floodSeconds: 15, hourlyLimit: 10 };

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


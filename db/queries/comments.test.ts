import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { emptyTables, openTemporaryDatabase, sqlRows } from '@/db/test-database';

await openTemporaryDatabase('comments');

const { getDb } = await import('@/db/index');
const { articles, comments: commentsTable } = await import('@/db/schema');
const { getArticleBySlug } = await import('@/db/queries/articles');
const comments = await import('@/db/queries/comments');
const { createComment, listApprovedComments, listReaderHeldComments, getReplyTarget } = comments;
type NewComment = import('@/db/queries/comments').NewComment;

type CommentStatus = import('@/lib/comments').CommentStatus;

async function setStatus(id: number, status: CommentStatus) {
  await getDb().update(commentsTable).set({ status }).where(eq(commentsTable.id, id));
}

const email = 'Private.Person+margin@Example.COM';
const lower = email.toLowerCase();
const hashes = ['md5', 'sha1', 'sha256'].flatMap((algorithm) =>
  [email, lower, email.trim()].map((value) => crypto.createHash(algorithm).update(value).digest('hex')),
);
const secrets = [email, lower, ...hashes];

let articleId = 0;
let otherArticleId = 0;

async function post(overrides: Partial<NewComment> = {}) {
  return createComment({
    articleId,
    parentId: null,
    authorName: 'Ann Reader',
    authorEmail: email,
    authorUrl: 'https://ann.example/',
    body: 'A comment.',
    status: 'approved',
    heldReason: null,
    readerToken: 'reader-a',
    ip: '203.0.113.7',
    userAgent: 'UnitTest/1.0',
    ...overrides,
  });
}

before(async () => {
  const launch = await getArticleBySlug('starmer-us-security-guarantee');
  assert.ok(launch, 'launch article is seeded');
  articleId = launch.id;
  const [other] = await getDb()
    .insert(articles)
    .values({
      slug: 'second-article',
      headline: 'Second',
      standfirst: 'Another article',
      body: '[]',
      publishedAt: new Date('2025-03-01T00:00:00Z'),
    })
    .returning({ id: articles.id });
  otherArticleId = other!.id;
});

const forbiddenKey = (key: string) => {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  return (
    k.includes('email') ||
    k.includes('mail') ||
    k === 'ip' ||
    k.endsWith('ip') ||
    k.includes('ipaddress') ||
    k.includes('useragent') ||
    k.includes('readerkey') ||
    k.includes('readertoken')
  );
};

function assertPublic(label: string, value: unknown) {
  const walk = (node: unknown, trail: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${trail}[${i}]`));
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        assert.ok(!forbiddenKey(key), `${label}: ${trail}.${key} must not exist in a public shape`);
        walk(child, `${trail}.${key}`);
      }
    }
  };
  walk(value, label);
  const json = JSON.stringify(value).toLowerCase();
  for (const secret of secrets) {
    assert.ok(!json.includes(secret.toLowerCase()), `${label} must not contain ${secret}`);
  }
  for (const forbidden of ['203.0.113.7', 'unittest/1.0', 'reader-a', 'reader-b']) {
    assert.ok(!json.includes(forbidden), `${label} must not contain ${forbidden}`);
  }
}

describe('createComment', () => {
  test('returns an id and the public shape of the comment', async () => {
    const result = await post({ body: 'Hello there.' });
    assert.deepEqual(Object.keys(result).sort(), ['comment', 'id']);
    assert.ok(Number.isInteger(result.id) && result.id > 0);
    assert.equal(result.comment.id, result.id);
    assert.deepEqual(Object.keys(result.comment).sort(), [
      'authorName',
      'authorUrl',
      'avatarKey',
      'body',
      'createdAt',
      'id',
      'isStaff',
      'parentId',
      'pending',
    ]);
    assert.equal(result.comment.body, 'Hello there.');
    assert.equal(result.comment.pending, false);
    assert.equal(result.comment.isStaff, false);
    assert.equal(result.comment.parentId, null);
    assert.ok(!Number.isNaN(Date.parse(result.comment.createdAt)));
    assertPublic('createComment', result);
  });

  test('a held comment is public-shaped and pending', async () => {
    const result = await post({ status: 'pending', heldReason: 'first comment from this email' });
    assert.equal(result.comment.pending, true);
    assertPublic('createComment(pending)', result);
  });

  test('avatarKey is keyed: not the email or any plain hash of it, nor a prefix of one', async () => {
    const { comment } = await post();
    assert.match(comment.avatarKey, /^[0-9a-f]{16}$/);
    for (const hash of hashes) assert.ok(!hash.startsWith(comment.avatarKey), 'avatarKey is not a cut plain hash');
    assert.ok(!secrets.includes(comment.avatarKey));
  });

  test('avatarKey is the same for any letter case of the email, and differs between emails', async () => {
    const a = (await post({ authorEmail: 'case@example.com' })).comment.avatarKey;
    const b = (await post({ authorEmail: 'CASE@Example.com' })).comment.avatarKey;
    const c = (await post({ authorEmail: 'other@example.com' })).comment.avatarKey;
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  test('the email, IP and user agent are stored for moderators', async () => {
    const { id } = await post({ body: 'stored' });
    const [row] = await sqlRows<Record<string, string>>(sql`select author_email, ip, user_agent, reader_key from comments where id = ${id}`);
    assert.ok(row);
    assert.equal(row.author_email, email.toLowerCase(), 'stored in lower case, as the form sends it');
    assert.equal(row.ip, '203.0.113.7');
    assert.equal(row.user_agent, 'UnitTest/1.0');
    assert.notEqual(row.reader_key, 'reader-a', 'the reader token itself is not stored');
  });
});

describe('listApprovedComments', () => {
  test('approved comments of that article only, oldest first', async () => {
    await emptyTables('comments');
    const late = (await post({ body: 'late' })).id;
    const early = (await post({ body: 'early' })).id;
    const tie1 = (await post({ body: 'tie one' })).id;
    const tie2 = (await post({ body: 'tie two' })).id;
    await post({ body: 'pending', status: 'pending', heldReason: 'x' });
    const spam = (await post({ body: 'spam' })).id;
    const trash = (await post({ body: 'trash' })).id;
    await post({ body: 'elsewhere', articleId: otherArticleId });
    const setTime = (ms: number, id: number) =>
      getDb().update(commentsTable).set({ createdAt: new Date(ms) }).where(eq(commentsTable.id, id));
    await setTime(3_000, late);
    await setTime(1_000, early);
    await setTime(2_000, tie1);
    await setTime(2_000, tie2);
    await setStatus(spam, 'spam');
    await setStatus(trash, 'trash');

    const list = await listApprovedComments(articleId);
    assert.deepEqual(
      list.map((c) => c.body),
      ['early', 'tie one', 'tie two', 'late'],
    );
    assert.ok(list.every((c) => !c.pending));
    assertPublic('listApprovedComments', list);
    assert.deepEqual(await listApprovedComments(987654), []);
  });
});

describe('listReaderHeldComments', () => {
  test('a reader sees only their own held comments on that article (spam shows to its author as held)', async () => {
    await emptyTables('comments');
    const mine = (await post({ body: 'mine, held', status: 'pending', heldReason: 'h', readerToken: 'reader-a' })).id;
    await post({ body: 'mine, approved', status: 'approved', readerToken: 'reader-a' });
    await post({ body: 'mine, other article', status: 'pending', heldReason: 'h', articleId: otherArticleId });
    await post({ body: 'theirs, held', status: 'pending', heldReason: 'h', readerToken: 'reader-b' });
    const spam = (await post({ body: 'mine, spam', status: 'pending', heldReason: 'h', readerToken: 'reader-a' })).id;
    await setStatus(spam, 'spam');

    const held = await listReaderHeldComments(articleId, 'reader-a');
    assert.deepEqual(
      held.map((c) => [c.id, c.body, c.pending]),
      [
        [mine, 'mine, held', true],
        [spam, 'mine, spam', true],
      ],
    );
    assertPublic('listReaderHeldComments', held);
    assert.deepEqual(
      (await listReaderHeldComments(articleId, 'reader-b')).map((c) => c.body),
      ['theirs, held'],
    );
    assert.deepEqual(await listReaderHeldComments(articleId, 'reader-c'), []);
    assert.deepEqual(await listReaderHeldComments(articleId, ''), []);
  });
});

describe('getReplyTarget', () => {
  test('an approved comment on this article is a target with id and name only', async () => {
    const { id } = await post({ authorName: 'Target Reader' });
    const target = await getReplyTarget(articleId, id);
    assert.deepEqual(target, { id, authorName: 'Target Reader' });
    assertPublic('getReplyTarget', target);
  });

  test('refuses a comment of another article', async () => {
    const { id } = await post({ articleId: otherArticleId });
    assert.equal(await getReplyTarget(articleId, id), null);
    assert.ok(await getReplyTarget(otherArticleId, id));
  });

  test('refuses a comment that is not approved', async () => {
    for (const status of ['pending', 'spam', 'trash'] as const) {
      const { id } = await post();
      await setStatus(id, status);
      assert.equal(await getReplyTarget(articleId, id), null, status);
    }
  });

  test('refuses a missing id', async () => {
    assert.equal(await getReplyTarget(articleId, 99_999_999), null);
    assert.equal(await getReplyTarget(articleId, 0), null);
    assert.equal(await getReplyTarget(articleId, -1), null);
  });
});

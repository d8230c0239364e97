import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestArticle, addTestComment, addTestUser, emptyTables, openTemporaryDatabase, sqlRows } from '@/db/test-database';

// A reader's own data (issue 12), on SQLite and on PostgreSQL: every comment written with an
// address in every status, and no one else's; anonymise and delete, one or all; a deleted
// comment with replies kept so the thread reads; the emailed link only when the address wrote
// something, within the send limits; admins only on the staff side.

await openTemporaryDatabase('reader-data');
process.env.SITE_URL = 'https://news.example';
const { changeReaderComments, getReaderData, requestReaderData } = await import('@/db/queries/reader-data');
const { listApprovedComments } = await import('@/db/queries/comments');
const { checkAddressLink } = await import('@/lib/mail-links');
const { anonymousName, removedText } = await import('@/lib/reader-data');
const { confirmationLimits } = await import('@/lib/outbox');

type Staff = import('@/lib/accounts').Staff;
const reader = { kind: 'reader' } as const;
let articleId = 0;
let admin: Staff;
let moderator: Staff;

before(async () => {
  articleId = await addTestArticle({ slug: 'reader-data-story', headline: 'The harbour reopens' });
  const adminId = await addTestUser({ email: 'admin@paper.example', name: 'Ada', role: 'admin' });
  const moderatorId = await addTestUser({ email: 'mod@paper.example', name: 'Mo', role: 'moderator' });
  admin = { id: adminId, email: 'admin@paper.example', name: 'Ada', role: 'admin' };
  moderator = { id: moderatorId, email: 'mod@paper.example', name: 'Mo', role: 'moderator' };
});
beforeEach(() => emptyTables('outbox', 'moderation_log', 'comments'));

function comment(email: string, values: Partial<Parameters<typeof addTestComment>[0]> = {}) {
  return addTestComment({
    articleId,
    authorEmail: email,
    authorName: 'Ann',
    authorUrl: 'https://ann.example/',
    ip: '198.51.100.7',
    network: '198.51.100.0/24',
    userAgent: 'Firefox',
    readerKey: 'browser-key',
    notifyKey: 'notify-key',
    status: 'approved',
    ...values,
  });
}

async function row(id: number) {
  const [found] = await sqlRows<Record<string, unknown>>(
    sql`select author_name, author_email, author_url, ip, network, user_agent, reader_key, notify_key, body, status, parent_id from comments where id = ${id}`,
  );
  return found;
}

describe('finding what an address wrote', () => {
  test('every status, newest first, however the address is typed; never another address’s', async () => {
    const ids = [];
    for (const status of ['approved', 'pending', 'spam', 'trash'] as const) {
      ids.push(await comment('ann@example.com', { status, body: `Ann ${status}`, createdAt: new Date(Date.UTC(2026, 0, ids.length + 1)) }));
    }
    await comment('bob@example.com', { body: 'Bob' });
    const data = await getReaderData(reader, ' ANN@Example.com ');
    assert.equal(data.email, 'ann@example.com');
    assert.deepEqual(
      data.comments.map((c) => [c.id, c.status, c.body]),
      [...ids].reverse().map((id, i) => [id, ['trash', 'spam', 'pending', 'approved'][i], `Ann ${['trash', 'spam', 'pending', 'approved'][i]}`]),
    );
    const first = data.comments[0]!;
    assert.equal(first.articleHeadline, 'The harbour reopens');
    assert.equal(first.articlePath, '/articles/reader-data-story');
    assert.equal(first.ip, '198.51.100.7');
    assert.equal(first.userAgent, 'Firefox');
    assert.deepEqual((await getReaderData(reader, 'nobody@example.com')).comments, []);
  });

  test('the staff side is for admins only', async () => {
    await comment('ann@example.com');
    assert.equal((await getReaderData({ kind: 'staff', staff: admin }, 'ann@example.com')).comments.length, 1);
    await assert.rejects(() => getReaderData({ kind: 'staff', staff: moderator }, 'ann@example.com'));
    await assert.rejects(() => changeReaderComments({ kind: 'staff', staff: moderator }, 'ann@example.com', 'delete'));
    assert.equal((await getReaderData(reader, 'ann@example.com')).comments.length, 1);
  });
});

describe('anonymising', () => {
  test('the name becomes Anonymous; address, website, IP, user agent and browser keys go; the text stays', async () => {
    const id = await comment('ann@example.com', { body: 'My words.' });
    const other = await comment('bob@example.com', { body: 'Bob’s words.' });
    const result = await changeReaderComments(reader, 'ann@example.com', 'anonymise');
    assert.deepEqual(result, { deleted: 0, anonymised: 1, changedSlugs: ['reader-data-story'] });
    const stored = await row(id);
    assert.equal(stored!.author_name, anonymousName);
    assert.match(String(stored!.author_email), /^anonymised-\d+@reader-data\.invalid$/);
    for (const column of ['author_url', 'ip', 'network', 'user_agent', 'reader_key', 'notify_key']) assert.equal(stored![column], null, column);
    assert.equal(stored!.body, 'My words.');
    assert.equal((await row(other))!.author_name, 'Ann');
    assert.deepEqual((await getReaderData(reader, 'ann@example.com')).comments, []);
    const publicNames = (await listApprovedComments(articleId)).map((c) => [c.id, c.authorName]);
    assert.deepEqual(publicNames, [
      [id, 'Anonymous'],
      [other, 'Ann'],
    ]);
    const log = await sqlRows<{ action: string; user_id: number | null }>(sql`select action, user_id from moderation_log where comment_id = ${id}`);
    assert.deepEqual(log, [{ action: 'reader-data-anonymise', user_id: null }]);
  });

  test('removing the text too, with the author’s earlier text in the log; an admin’s change is logged under their name', async () => {
    const id = await comment('ann@example.com', { body: 'My words.', status: 'pending' });
    await addTestCommentLog(id);
    const result = await changeReaderComments({ kind: 'staff', staff: admin }, 'ann@example.com', 'anonymise-remove-text');
    assert.deepEqual(result, { deleted: 0, anonymised: 1, changedSlugs: [] });
    assert.equal((await row(id))!.body, removedText);
    const log = await sqlRows<{ action: string; note: string | null; user_id: number | null }>(
      sql`select action, note, user_id from moderation_log where comment_id = ${id} order by id`,
    );
    assert.deepEqual(log, [
      { action: 'author-edit', note: null, user_id: null },
      { action: 'reader-data-anonymise-remove-text', note: null, user_id: admin.id },
    ]);
  });
});

async function addTestCommentLog(commentId: number) {
  const { getDb } = await import('@/db/index');
  const { moderationLog } = await import('@/db/schema');
  await getDb().insert(moderationLog).values({ commentId, action: 'author-edit', note: 'My first words.', fromStatus: 'pending', toStatus: 'pending' });
}

describe('deleting', () => {
  test('one comment by its id, only if it is the address’s own', async () => {
    const mine = await comment('ann@example.com');
    const kept = await comment('ann@example.com');
    const bobs = await comment('bob@example.com');
    assert.deepEqual(await changeReaderComments(reader, 'ann@example.com', 'delete', bobs), { deleted: 0, anonymised: 0, changedSlugs: [] });
    assert.ok(await row(bobs));
    assert.deepEqual(await changeReaderComments(reader, 'ann@example.com', 'delete', mine), { deleted: 1, anonymised: 0, changedSlugs: ['reader-data-story'] });
    assert.equal(await row(mine), undefined);
    assert.ok(await row(kept));
  });

  test('all: a comment others replied to stays as an anonymous removed comment, so the thread reads; own replies go first', async () => {
    const answered = await comment('ann@example.com', { body: 'Answered.' });
    const reply = await comment('bob@example.com', { parentId: answered, body: 'Bob answers.' });
    const lonely = await comment('ann@example.com', { body: 'No one answered.' });
    const selfAnswered = await comment('ann@example.com', { body: 'I answer myself.' });
    await comment('ann@example.com', { parentId: selfAnswered, body: 'Myself again.', status: 'pending' });
    const result = await changeReaderComments(reader, 'Ann@example.com', 'delete');
    assert.deepEqual(result, { deleted: 3, anonymised: 1, changedSlugs: ['reader-data-story'] });
    assert.equal(await row(lonely), undefined);
    assert.equal(await row(selfAnswered), undefined);
    const placeholder = await row(answered);
    assert.equal(placeholder!.author_name, anonymousName);
    assert.equal(placeholder!.body, removedText);
    assert.equal(placeholder!.status, 'approved');
    assert.equal((await row(reply))!.parent_id, answered);
    const thread = (await listApprovedComments(articleId)).map((c) => [c.id, c.parentId, c.body]);
    assert.deepEqual(thread, [
      [answered, null, removedText],
      [reply, answered, 'Bob answers.'],
    ]);
    assert.deepEqual((await getReaderData(reader, 'ann@example.com')).comments, []);
  });
});

describe('many comments', () => {
  test('in batches: 250 comments, a chain of own replies across batches, one answered by someone else', async () => {
    const first = await comment('ann@example.com', { body: 'The first.' });
    await comment('bob@example.com', { parentId: first, body: 'Bob answers the first.' });
    let parentId = first;
    for (let i = 1; i < 250; i++) parentId = await comment('ann@example.com', { parentId: i % 2 ? parentId : null, body: `Ann ${i}` });
    const result = await changeReaderComments(reader, 'ann@example.com', 'delete');
    assert.deepEqual(result, { deleted: 249, anonymised: 1, changedSlugs: ['reader-data-story'] });
    assert.deepEqual((await listApprovedComments(articleId)).map((c) => c.body), [removedText, 'Bob answers the first.']);
  });
});

describe('the emailed link', () => {
  async function outbox() {
    return sqlRows<{ kind: string; recipient: string; text_body: string; unsubscribe_url: string }>(
      sql`select kind, recipient, text_body, unsubscribe_url from outbox order by id`,
    );
  }

  test('an address that wrote something gets one link to its comments; an unknown one gets nothing', async () => {
    await comment('ann@example.com', { status: 'spam' });
    const now = Date.UTC(2026, 11, 3, 9);
    await requestReaderData('nobody@example.com', '203.0.113.1', now);
    assert.deepEqual(await outbox(), []);
    await requestReaderData(' Ann@Example.com', '203.0.113.1', now);
    const [message] = await outbox();
    assert.equal(message!.kind, 'data');
    assert.equal(message!.recipient, 'ann@example.com');
    assert.match(message!.unsubscribe_url, /^https:\/\/news\.example\/email\/unsubscribe\?token=/);
    assert.doesNotMatch(message!.text_body.split('/email/your-data/comments?token=')[1]!.split('\n')[0]!, /ann|example\.com/i);
    const token = /\/email\/your-data\/comments\?token=(\S+)/.exec(message!.text_body)![1]!;
    assert.deepEqual(checkAddressLink(decodeURIComponent(token), 'data', now + 1000), { ok: true, email: 'ann@example.com' });
    assert.equal(checkAddressLink(decodeURIComponent(token), 'data', now + 24 * 3_600_000 + 1).ok, false);
  });

  test('the send limits: per address a day and ten minutes apart, per client an hour', async () => {
    const start = Date.UTC(2026, 11, 3, 9);
    for (const name of ['ann', 'bob', 'cy', 'di', 'ed', 'flo', 'gus']) await comment(`${name}@example.com`);
    await requestReaderData('ann@example.com', '203.0.113.1', start);
    await requestReaderData('ann@example.com', '203.0.113.2', start + 5 * 60_000);
    assert.equal((await outbox()).length, 1);
    for (let i = 1; i <= confirmationLimits.perAddressPerDay; i++) await requestReaderData('ann@example.com', `203.0.113.${10 + i}`, start + i * 11 * 60_000);
    assert.equal((await outbox()).length, confirmationLimits.perAddressPerDay);
    await emptyTables('outbox');
    for (const name of ['bob', 'cy', 'di', 'ed', 'flo', 'gus']) await requestReaderData(`${name}@example.com`, '198.51.100.99', start);
    assert.equal((await outbox()).length, confirmationLimits.perClientPerHour);
  });
});

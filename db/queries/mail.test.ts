import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestArticle, addTestUser, emptyTables, heldTestComment, openTemporaryDatabase, sqlRows } from '@/db/test-database';
import { startTestSmtpServer, type TestSmtpServer } from '@/lib/test-smtp';

// Who gets which email, on SQLite and on PostgreSQL: queued with the event, only approved text,
// never to a reply's own author, never twice, nothing before the address confirms; and the sender
// against a real SMTP server in this process, with a failure and its retry.

await openTemporaryDatabase('mail');
process.env.SITE_URL = 'https://news.example';
const { submitComment } = await import('@/db/queries/comments');
const { setCommentStatus, editComment } = await import('@/db/queries/moderation');
const mail = await import('@/db/queries/mail');
const { emailKeyOf, checkMailLink } = await import('@/lib/mail-links');
const { sendDueMail } = await import('@/lib/mail-sender');
const { createMailTransport } = await import('@/lib/mail-transport');
const { loadConfig } = await import('@/lib/config');
const { openDataLayer } = await import('@/db/index');

type Staff = import('@/lib/accounts').Staff;
let articleId: number;
let staff: Staff;
let smtp: TestSmtpServer;

before(async () => {
  await openDataLayer();
  articleId = await addTestArticle({ slug: 'mail-story', headline: 'The harbour reopens' });
  const id = await addTestUser({ email: 'mod@paper.example', name: 'Mo', role: 'moderator' });
  staff = { id, email: 'mod@paper.example', name: 'Mo', role: 'moderator' };
  smtp = await startTestSmtpServer();
});
after(() => smtp.close());
beforeEach(async () => {
  await emptyTables('outbox', 'mail_addresses', 'moderation_log', 'comments');
  smtp.received.length = 0;
});

let forms = 0;
/** A reader's comment through the posting path, held unless said otherwise. */
async function post(fields: { email: string; body?: string; parentId?: number | null; notify?: boolean; ip?: string; status?: 'pending' | 'approved' | 'spam' }) {
  forms += 1;
  const outcome = await submitComment(
    {
      ...heldTestComment(articleId, {
        authorEmail: fields.email,
        body: fields.body ?? `Comment ${forms}`,
        parentId: fields.parentId ?? null,
        ip: fields.ip ?? `198.51.100.${forms % 250}`,
      }),
      notify: fields.notify ?? false,
    },
    { flood: null, decide: async () => ({ status: fields.status ?? 'pending', heldReason: fields.status === 'approved' ? null : 'held' }) },
  );
  assert.equal(outcome.result, 'stored');
  return (outcome as { comment: { id: number } }).comment.id;
}

type Row = { kind: string; recipient: string; subject: string; text_body: string; key: string; status: string; attempts: number };
const outboxRows = () => sqlRows<Row>(sql`select kind, recipient, subject, text_body, key, status, attempts from outbox order by id`);

async function confirm(email: string) {
  await mail.confirmAddress(emailKeyOf(email));
}

describe('reply notifications: who gets what', () => {
  test('a confirmed reader hears of an approved reply once, with the approved text and a permalink from SITE_URL', async () => {
    await confirm('ann@example.com');
    const parent = await post({ email: 'Ann@Example.com', notify: true, status: 'approved' });
    const reply = await post({ email: 'bob@example.com', parentId: parent, body: 'Held words a moderator changes' });
    assert.deepEqual(await outboxRows(), [], 'nothing while the reply is held');
    await editComment(staff, reply, { body: 'Approved words', authorName: 'Bob', authorUrl: null });
    assert.equal((await setCommentStatus(staff, [reply], 'pending', 'approve')).ok, true);
    await setCommentStatus(staff, [reply], 'approved', 'unapprove');
    await setCommentStatus(staff, [reply], 'pending', 'approve');
    const rows = await outboxRows();
    assert.equal(rows.length, 1, 'approved twice, queued once');
    assert.equal(rows[0]!.kind, 'reply');
    assert.equal(rows[0]!.recipient, 'ann@example.com');
    assert.match(rows[0]!.text_body, /Approved words/);
    assert.doesNotMatch(rows[0]!.text_body, /Held words/);
    assert.match(rows[0]!.text_body, new RegExp(`https://news\\.example/comments/${reply}`));
    assert.doesNotMatch(rows[0]!.text_body, /bob@example\.com/, 'never the replier’s address');
  });

  test('a reply approved at once is announced in the same write as the post', async () => {
    await confirm('ann@example.com');
    const parent = await post({ email: 'ann@example.com', notify: true, status: 'approved' });
    await post({ email: 'bob@example.com', parentId: parent, status: 'approved' });
    assert.deepEqual((await outboxRows()).map((r) => r.kind), ['reply']);
  });

  test('never to the reply’s own author, never to a reader who did not ask, never unconfirmed', async () => {
    await confirm('ann@example.com');
    await confirm('carl@example.com');
    const asked = await post({ email: 'ann@example.com', notify: true, status: 'approved' });
    await post({ email: 'ANN@example.com ', parentId: asked, status: 'approved' });
    const didNotAsk = await post({ email: 'carl@example.com', notify: false, status: 'approved' });
    await post({ email: 'bob@example.com', parentId: didNotAsk, status: 'approved' });
    const unconfirmed = await post({ email: 'dora@example.com', notify: true, status: 'approved' });
    assert.deepEqual((await outboxRows()).map((r) => `${r.kind}:${r.recipient}`), ['confirm:dora@example.com']);
    await post({ email: 'bob@example.com', parentId: unconfirmed, status: 'approved' });
    assert.deepEqual((await outboxRows()).map((r) => `${r.kind}:${r.recipient}`), ['confirm:dora@example.com']);
  });

  test('spam and trash are never announced', async () => {
    await confirm('ann@example.com');
    const parent = await post({ email: 'ann@example.com', notify: true, status: 'approved' });
    const reply = await post({ email: 'bob@example.com', parentId: parent });
    await setCommentStatus(staff, [reply], 'pending', 'spam');
    await setCommentStatus(staff, [reply], 'spam', 'trash');
    assert.deepEqual(await outboxRows(), []);
  });

  test('"your comment is published" when a held comment of a confirmed, asking author is approved', async () => {
    await confirm('ann@example.com');
    const held = await post({ email: 'ann@example.com', notify: true, body: 'My held view' });
    const silent = await post({ email: 'bob@example.com', notify: false });
    await setCommentStatus(staff, [held, silent], 'pending', 'approve');
    const rows = await outboxRows();
    assert.deepEqual(rows.map((r) => `${r.kind}:${r.recipient}`), ['published:ann@example.com']);
    assert.match(rows[0]!.text_body, /My held view/);
  });
});

describe('double opt-in', () => {
  test('the first ask sends one confirmation with a signed link for that address; a second comment within ten minutes sends none', async () => {
    await post({ email: 'eve@example.com', notify: true });
    await post({ email: 'eve@example.com', notify: true });
    const rows = await outboxRows();
    assert.equal(rows.length, 1);
    const link = /https:\/\/news\.example\/email\/confirm\?token=(\S+)/.exec(rows[0]!.text_body);
    assert.ok(link, rows[0]!.text_body);
    const check = checkMailLink(decodeURIComponent(link[1]!), 'confirm');
    assert.deepEqual(check, { ok: true, addressKey: emailKeyOf('eve@example.com') });
    assert.equal(checkMailLink(decodeURIComponent(link[1]!), 'manage').ok, false, 'one purpose');
  });

  test('a comment judged spam (a bot, a banned address) sends no confirmation', async () => {
    await post({ email: 'stranger@example.com', notify: true, status: 'spam' });
    assert.deepEqual(await outboxRows(), []);
  });

  test('a confirmed address is not asked again', async () => {
    await confirm('eve@example.com');
    await post({ email: 'eve@example.com', notify: true });
    assert.deepEqual(await outboxRows(), []);
  });

  test('per address: at most three a day, ten minutes apart; per client: five an hour', async () => {
    const now = Date.now();
    const { write } = await import('@/db/writer');
    const ask = (email: string, at: number, clientAddress = '203.0.113.1', commentId = at) =>
      write((tx) => mail.requestReplyNotifications(tx, { commentId, email, clientAddress, now: at }));
    await ask('target@example.com', now);
    await ask('target@example.com', now + 60_000);
    await ask('target@example.com', now + 11 * 60_000);
    await ask('target@example.com', now + 22 * 60_000);
    await ask('target@example.com', now + 33 * 60_000);
    assert.equal((await outboxRows()).length, 3, 'three a day');
    await ask('target@example.com', now + 25 * 3_600_000);
    assert.equal((await outboxRows()).length, 4, 'the next day, one more');
    await emptyTables('outbox');
    for (let i = 0; i < 8; i += 1) await ask(`stranger${i}@example.com`, now + i, '203.0.113.9');
    assert.equal((await outboxRows()).length, 5, 'five from one client in an hour');
  });
});

describe('one-click unsubscribe and the manage page', () => {
  test('stopping one address touches no other, and drops what was waiting for it', async () => {
    await confirm('ann@example.com');
    await confirm('bob@example.com');
    const annComment = await post({ email: 'ann@example.com', notify: true, status: 'approved' });
    const bobComment = await post({ email: 'bob@example.com', notify: true, status: 'approved' });
    await post({ email: 'carl@example.com', parentId: annComment, status: 'approved' });
    await mail.stopAllMail(emailKeyOf('ann@example.com'));
    assert.deepEqual((await outboxRows()).map((r) => `${r.kind}:${r.recipient}:${r.status}`), ['reply:ann@example.com:failed']);
    await post({ email: 'carl@example.com', parentId: annComment, status: 'approved', body: 'again' });
    await post({ email: 'carl@example.com', parentId: bobComment, status: 'approved' });
    assert.deepEqual((await outboxRows()).map((r) => `${r.kind}:${r.recipient}`), ['reply:ann@example.com', 'reply:bob@example.com']);
    const bob = await mail.getAddressSubscriptions(emailKeyOf('bob@example.com'));
    assert.equal(bob.confirmed, true);
    assert.deepEqual(bob.comments.map((c) => c.id), [bobComment]);
    assert.deepEqual((await mail.getAddressSubscriptions(emailKeyOf('ann@example.com'))).comments, []);
  });

  test('stopping replies to one comment needs that comment to be the address’s own', async () => {
    const bobComment = await post({ email: 'bob@example.com', notify: true, status: 'approved' });
    await mail.stopRepliesTo(emailKeyOf('ann@example.com'), bobComment);
    assert.equal((await mail.getAddressSubscriptions(emailKeyOf('bob@example.com'))).comments.length, 1);
    await mail.stopRepliesTo(emailKeyOf('bob@example.com'), bobComment);
    assert.equal((await mail.getAddressSubscriptions(emailKeyOf('bob@example.com'))).comments.length, 0);
  });
});

describe('retention', () => {
  test('sent and given-up messages are forgotten after 30 days, with their files named; waiting ones stay', async () => {
    await post({ email: 'eve@example.com', notify: true });
    await post({ email: 'fay@example.com', notify: true });
    const [first] = await mail.listDueMessages();
    await mail.markSent(first!.id, 'outbox/old.eml');
    const now = Date.now();
    assert.deepEqual(await mail.forgetOldMail(now + 29 * 86_400_000), []);
    assert.deepEqual(await mail.forgetOldMail(now + 31 * 86_400_000), ['outbox/old.eml']);
    assert.deepEqual((await outboxRows()).map((r) => r.recipient), ['fay@example.com']);
  });
});

describe('the sender', () => {
  function senderWith(transport: { send: Parameters<typeof sendDueMail>[0]['send'] }, clock: { now: number }) {
    return () =>
      sendDueMail({
        due: (at) => mail.listDueMessages(at),
        startAttempt: (id, at) => mail.startAttempt(id, at),
        markSent: (id, file, at) => mail.markSent(id, file, at),
        markFailed: (id, attempts, error, at) => mail.markFailed(id, attempts, error, at),
        send: transport.send,
        now: () => clock.now,
      });
  }

  test('delivers through SMTP: text and HTML, the site name, List-Unsubscribe one-click and the manage link', async () => {
    await confirm('ann@example.com');
    const parent = await post({ email: 'ann@example.com', notify: true, status: 'approved' });
    await post({ email: 'bob@example.com', parentId: parent, status: 'approved', body: 'A reply <b>in bold</b>?' });
    const transport = createMailTransport({ ...loadConfig(), smtpUrl: smtp.url, mailFrom: 'Margin <news@news.example>' });
    const clock = { now: Date.now() };
    const round = senderWith(transport, clock);
    assert.deepEqual(await round(), { sent: 1, failed: 0 });
    assert.deepEqual(await round(), { sent: 0, failed: 0 }, 'never twice');
    const [message] = await smtp.waitForCount(1);
    transport.close();
    assert.deepEqual(message!.envelopeTo, ['ann@example.com']);
    assert.match(message!.subject ?? '', /Margin/);
    assert.match(message!.text ?? '', /A reply <b>in bold<\/b>\?/);
    assert.match(String(message!.html), /A reply &lt;b&gt;in bold&lt;\/b&gt;\?/);
    const unfolded = message!.raw.replace(/\r?\n[ \t]+/g, ' ');
    const unsubscribe = unfolded.match(/^List-Unsubscribe: <([^>]+)>/m)?.[1] ?? '';
    assert.match(unsubscribe, /^https:\/\/news\.example\/email\/unsubscribe\?token=/);
    assert.equal(checkMailLink(new URL(unsubscribe).searchParams.get('token'), 'manage').ok, true);
    assert.match(message!.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    assert.match(unfolded, /^Message-ID: <reply-\d+-to-\d+@news\.example>/m);
    assert.match(message!.text ?? '', /Manage or stop these emails: https:\/\/news\.example\/email\/manage\?token=/);
    assert.doesNotMatch(message!.raw, /bob@example\.com/);
  });

  test('a mail server that refuses is tried again after the backoff, and the message arrives once', async () => {
    await post({ email: 'eve@example.com', notify: true });
    const transport = createMailTransport({ ...loadConfig(), smtpUrl: smtp.url, mailFrom: 'news@news.example' });
    const clock = { now: Date.now() };
    const round = senderWith(transport, clock);
    smtp.refuseNext(1);
    assert.deepEqual(await round(), { sent: 0, failed: 1 });
    assert.deepEqual(await outboxRows().then((rows) => rows.map((r) => [r.status, r.attempts])), [['queued', 1]]);
    clock.now += 10_000;
    assert.deepEqual(await round(), { sent: 0, failed: 0 }, 'not before the backoff');
    clock.now += 30_000;
    assert.deepEqual(await round(), { sent: 1, failed: 0 });
    clock.now += 3_600_000;
    assert.deepEqual(await round(), { sent: 0, failed: 0 });
    await smtp.waitForCount(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(smtp.received.length, 1);
    transport.close();
  });

  test('without SMTP_URL a message is an .eml file only its owner can read', async () => {
    await post({ email: 'eve@example.com', notify: true });
    const config = loadConfig();
    const transport = createMailTransport({ ...config, smtpUrl: null });
    assert.deepEqual(await senderWith(transport, { now: Date.now() })(), { sent: 1, failed: 0 });
    const [row] = await sqlRows<{ file: string }>(sql`select file from outbox`);
    const file = path.join(config.dataDirectory, row!.file);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^To: eve@example\.com$/m);
    assert.match(text, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    assert.match(text, /Content-Type: text\/html/);
    assert.match(text, /Content-Type: text\/plain/);
  });
});

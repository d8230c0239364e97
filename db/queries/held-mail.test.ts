import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestArticle, addTestUser, emptyTables, heldTestComment, openTemporaryDatabase, runSql, sqlRows } from '@/db/test-database';

// The per-recipient hourly limit with its digest, and moderators' email about held comments with
// its one-press links, on SQLite and on PostgreSQL, with the clock passed in.

await openTemporaryDatabase('held-mail');
process.env.SITE_URL = 'https://news.example';
const { submitComment } = await import('@/db/queries/comments');
const mail = await import('@/db/queries/mail');
const { gatherDueDigests } = await import('@/db/queries/mail-digests');
const heldMail = await import('@/db/queries/held-mail');
const links = await import('@/db/queries/moderation-links');
const { emailKeyOf, checkModerationLink, checkMailLink, moderationLinkLifetimeMs } = await import('@/lib/mail-links');
const { digestDueAt, hourStartOf } = await import('@/lib/outbox');
const { write } = await import('@/db/writer');
const { openDataLayer } = await import('@/db/index');

type Staff = import('@/lib/accounts').Staff;
let articleId: number;
const moderators: Record<'off' | 'now' | 'hourly' | 'writer' | 'gone', Staff> = {} as never;

before(async () => {
  await openDataLayer();
  articleId = await addTestArticle({ slug: 'held-mail-story', headline: 'The bridge closes' });
  const accounts = [
    ['off', 'off@paper.example', 'moderator', 'off', false],
    ['now', 'now@paper.example', 'moderator', 'immediately', false],
    ['hourly', 'hourly@paper.example', 'editor', 'hourly', false],
    // Neither a role that cannot moderate nor a disabled account hears anything, whatever they chose.
    ['writer', 'writer@paper.example', 'contributor', 'immediately', false],
    ['gone', 'gone@paper.example', 'moderator', 'immediately', true],
  ] as const;
  for (const [name, email, role, heldMail, disabled] of accounts) {
    const id = await addTestUser({ email, name, role, heldMail, disabled });
    moderators[name] = { id, email, name, role };
  }
});
beforeEach(async () => {
  await emptyTables('outbox', 'mail_addresses', 'used_moderation_links', 'moderation_log', 'comments');
});

let forms = 0;
async function post(fields: { email: string; body?: string; parentId?: number | null; notify?: boolean; status?: 'pending' | 'approved' | 'spam' }) {
  forms += 1;
  const outcome = await submitComment(
    {
      ...heldTestComment(articleId, { authorEmail: fields.email, authorName: fields.email.split('@')[0]!, body: fields.body ?? `Comment ${forms}`, parentId: fields.parentId ?? null, ip: `198.51.100.${forms % 250}` }),
      notify: fields.notify ?? false,
    },
    { flood: null, decide: async () => ({ status: fields.status ?? 'pending', heldReason: fields.status === 'approved' ? null : 'held' }) },
  );
  assert.equal(outcome.result, 'stored');
  return (outcome as { comment: { id: number } }).comment.id;
}

type Row = { id: number; kind: string; recipient: string; text_body: string; key: string; status: string; next_attempt_at: number | string | Date };
const outboxRows = () => sqlRows<Row>(sql`select id, kind, recipient, text_body, key, status, next_attempt_at from outbox order by id`);
const summary = async () => (await outboxRows()).map((row) => `${row.kind}:${row.recipient}:${row.status}`);
const at = (value: Row['next_attempt_at']) => new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value).getTime();

/** Approves without the moderation step's own email (queued below with the clock of the test). */
async function approveQuietly(ids: number[]) {
  await runSql(sql`update comments set status = 'approved' where id in ${sql.raw(`(${ids.join(',')})`)}`);
}

// An hour in the future, ten minutes in: the limit counts by clock hour.
const hour = hourStartOf(Date.now()) + 5 * 3_600_000;
const t = hour + 10 * 60_000;

/** Sets each test account's choice (a describe about readers' mail turns them all off). */
async function choose(choices: Partial<Record<keyof typeof moderators, 'off' | 'immediately' | 'hourly'>>) {
  for (const [name, choice] of Object.entries(choices)) await runSql(sql`update users set held_mail = ${choice} where id = ${moderators[name as keyof typeof moderators].id}`);
}
const asSetUp = { off: 'off', now: 'immediately', hourly: 'hourly', writer: 'immediately', gone: 'immediately' } as const;

describe('per recipient: five notifications an hour, then one digest when the hour is up', () => {
  before(() => choose({ off: 'off', now: 'off', hourly: 'off', writer: 'off', gone: 'off' }));
  after(() => choose(asSetUp));
  test('the sixth and later replies wait; the digest carries each approved one once, never held text, never the reader’s own', async () => {
    await mail.confirmAddress(emailKeyOf('ann@example.com'));
    const parent = await post({ email: 'ann@example.com', notify: true, status: 'approved' });
    const replies: number[] = [];
    for (let i = 0; i < 9; i += 1) replies.push(await post({ email: i === 8 ? 'ANN@example.com' : `r${i}@example.com`, parentId: parent, body: `Reply number ${i}` }));
    await approveQuietly(replies);
    for (const [i, id] of replies.entries()) await write((tx) => mail.queueApprovalMail(tx, [id], { announcePublished: false, now: t + i * 60_000 }));
    const rows = await outboxRows();
    assert.deepEqual(rows.map((row) => row.status), ['queued', 'queued', 'queued', 'queued', 'queued', 'digest', 'digest', 'digest'], 'never her own reply');
    for (const row of rows.slice(5)) assert.equal(at(row.next_attempt_at), digestDueAt(t));
    assert.equal((await mail.listDueMessages(digestDueAt(t) + 1)).length, 5, 'waiting ones are never sent alone');

    // Reply 6 is unapproved before the hour is up: its text is not in the digest.
    await runSql(sql`update comments set status = 'pending' where id = ${replies[6]!}`);
    assert.equal(await gatherDueDigests(t + 30 * 60_000), 0, 'not before the hour is up');
    assert.equal(await gatherDueDigests(digestDueAt(t)), 1);
    assert.equal(await gatherDueDigests(digestDueAt(t) + 60_000), 0, 'gathered once');
    const after = await outboxRows();
    assert.deepEqual(after.slice(5).map((row) => row.status), ['digested', 'digested', 'digested', 'queued']);
    const digest = after[8]!;
    assert.equal(digest.kind, 'digest');
    assert.equal(digest.recipient, 'ann@example.com');
    assert.match(digest.text_body, /Reply number 5/);
    assert.match(digest.text_body, /Reply number 7/);
    assert.doesNotMatch(digest.text_body, /Reply number 6/, 'held text never');
    assert.doesNotMatch(digest.text_body, /Reply number 8/, 'never her own');
    assert.equal(digest.text_body.match(/Reply number 5/g)?.length, 1, 'each once');
    assert.match(digest.text_body, new RegExp(`https://news\\.example/comments/${replies[5]}`));
    assert.match(digest.text_body, /email\/manage\?token=/);
    assert.equal((await mail.listDueMessages(digestDueAt(t))).filter((m) => m.key.startsWith('digest:')).length, 1);

    // The digest counts in the hour it goes out: four more there, then the wait again.
    const next: number[] = [];
    for (let i = 0; i < 5; i += 1) next.push(await post({ email: `s${i}@example.com`, parentId: parent, body: `Next hour ${i}` }));
    await approveQuietly(next);
    for (const id of next) await write((tx) => mail.queueApprovalMail(tx, [id], { announcePublished: false, now: digestDueAt(t) + 60_000 }));
    assert.deepEqual((await outboxRows()).slice(9).map((row) => row.status), ['queued', 'queued', 'queued', 'queued', 'digest']);
  });

  test('an address that stops meanwhile gets no digest', async () => {
    await mail.confirmAddress(emailKeyOf('bea@example.com'));
    const parent = await post({ email: 'bea@example.com', notify: true, status: 'approved' });
    const replies: number[] = [];
    for (let i = 0; i < 6; i += 1) replies.push(await post({ email: `q${i}@example.com`, parentId: parent }));
    await approveQuietly(replies);
    for (const id of replies) await write((tx) => mail.queueApprovalMail(tx, [id], { announcePublished: false, now: t }));
    await mail.stopAllMail(emailKeyOf('bea@example.com'));
    assert.equal(await gatherDueDigests(digestDueAt(t)), 0);
    assert.ok((await outboxRows()).every((row) => row.status === 'failed'));
  });
});

describe('moderators’ email about held comments', () => {
  test('off hears nothing, immediately gets one message, hourly waits for the digest; not for approved comments', async () => {
    const held = await post({ email: 'carl@example.com', body: 'Is this allowed?' });
    await post({ email: 'dora@example.com', status: 'approved' });
    await post({ email: 'eric@example.com', status: 'spam' });
    assert.deepEqual(await summary(), ['held:now@paper.example:queued', 'held:hourly@paper.example:digest']);
    const [now] = await outboxRows();
    assert.equal(now!.key, `held:${held}:to:${moderators.now.id}`);
    assert.match(now!.text_body, /carl <carl@example\.com> on "The bridge closes":/);
    assert.match(now!.text_body, /Is this allowed\?/);
    assert.match(now!.text_body, /Approve: https:\/\/news\.example\/admin\/confirm\?token=moderate\./);
    assert.match(now!.text_body, /Spam: https:\/\/news\.example\/admin\/confirm\?token=moderate\./);
    assert.match(now!.text_body, /Manage or stop these emails: https:\/\/news\.example\/admin\/account/);
    const [due] = await mail.listDueMessages();
    assert.equal(checkMailLink(new URL(due!.unsubscribeUrl).searchParams.get('token'), 'staff').ok, true, 'a staff unsubscribe link');
  });

  test('an author’s edit that sends an approved comment back to review is news again; an edit that keeps it held is not', async () => {
    const { editOwnComment } = await import('@/db/queries/own-comments');
    const rules = { ownEditMinutes: 15, holdLinkCount: 2, moderationWords: ['casino'], disallowedWords: [] };
    const id = await post({ email: 'fred@example.com', body: 'Plain words.', status: 'approved' });
    assert.deepEqual(await summary(), []);
    const editedAt = Date.now();
    assert.deepEqual(await editOwnComment(id, 'reader-a', 'Now about the casino.', rules, editedAt), { ok: true, changedSlugs: ['held-mail-story'] });
    assert.deepEqual(await summary(), ['held:now@paper.example:queued', 'held:hourly@paper.example:digest']);
    const [now] = await outboxRows();
    assert.equal(now!.key, `held:${id}:edit-${editedAt}:to:${moderators.now.id}`);
    assert.match(now!.text_body, /Now about the casino\./);
    assert.deepEqual(await editOwnComment(id, 'reader-a', 'Still the casino.', rules, editedAt + 1_000), { ok: true, changedSlugs: [] });
    assert.equal((await summary()).length, 2, 'already waiting for review: no second message');
  });

  test('the hourly digest lists what is still held when the hour is up, with fresh links', async () => {
    const first = await post({ email: 'carl@example.com', body: 'First held' });
    const second = await post({ email: 'dora@example.com', body: 'Second held' });
    const third = await post({ email: 'eric@example.com', body: 'Third held' });
    await approveQuietly([second]);
    const dueAt = at((await outboxRows()).find((row) => row.status === 'digest')!.next_attempt_at);
    assert.equal(await gatherDueDigests(dueAt), 1);
    const digest = (await outboxRows()).find((row) => row.kind === 'held-digest')!;
    assert.equal(digest.recipient, 'hourly@paper.example');
    assert.match(digest.text_body, /First held/);
    assert.match(digest.text_body, /Third held/);
    assert.doesNotMatch(digest.text_body, /Second held/, 'handled already');
    assert.match(digest.text_body, /^2 comments are waiting/);
    const token = /token=(\S+)/.exec(digest.text_body)![1]!;
    const link = checkModerationLink(decodeURIComponent(token));
    assert.ok(link.ok && link.userId === moderators.hourly.id && [first, third].includes(link.commentId));
  });

  test('immediately, past five an hour: the rest in one digest', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i += 1) ids.push(await post({ email: `h${i}@example.com`, body: `Held ${i}` }));
    await emptyTables('outbox');
    for (const id of ids) await write((tx) => heldMail.queueHeldCommentMail(tx, id, t));
    const toNow = (await outboxRows()).filter((row) => row.recipient === 'now@paper.example');
    assert.deepEqual(toNow.map((row) => row.status), ['queued', 'queued', 'queued', 'queued', 'queued', 'digest', 'digest']);
    assert.equal(await gatherDueDigests(digestDueAt(t)), 2, 'one for each moderator');
    const digests = (await outboxRows()).filter((row) => row.kind === 'held-digest');
    assert.deepEqual(digests.map((row) => row.recipient).sort(), ['hourly@paper.example', 'now@paper.example']);
    const toNowDigest = digests.find((row) => row.recipient === 'now@paper.example')!;
    assert.match(toNowDigest.text_body, /Held 5[\s\S]*Held 6/);
    assert.doesNotMatch(toNowDigest.text_body, /Held 4/);
  });

  test('a digest shows at most 50 and names the rest by their number', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 53; i += 1) ids.push(await post({ email: `many${i}@example.com`, body: `Many ${i}.` }));
    await emptyTables('outbox');
    for (const id of ids) await write((tx) => heldMail.queueHeldCommentMail(tx, id, t));
    await gatherDueDigests(digestDueAt(t));
    const digest = (await outboxRows()).find((row) => row.kind === 'held-digest' && row.recipient === 'hourly@paper.example')!;
    assert.match(digest.text_body, /^53 comments are waiting/);
    assert.equal(digest.text_body.match(/^Approve: /gm)?.length, 50);
    assert.match(digest.text_body, /…and 3 more in the queue\./);
  });

  test('the choice is the account’s own; the staff unsubscribe link turns it off', async () => {
    assert.equal(await heldMail.getHeldMailChoice(moderators.off), 'off');
    await heldMail.setHeldMailChoice(moderators.off, 'hourly');
    assert.equal(await heldMail.getHeldMailChoice(moderators.off), 'hourly');
    await assert.rejects(heldMail.setHeldMailChoice(moderators.writer, 'hourly'), { name: 'NotAllowedError' });
    await heldMail.turnOffHeldMail(emailKeyOf('OFF@paper.example'));
    assert.equal(await heldMail.getHeldMailChoice(moderators.off), 'off');
    assert.equal(await heldMail.getHeldMailChoice(moderators.now), 'immediately', 'only that address');
  });
});

describe('one-press moderation links', () => {
  async function linksFor(commentId: number) {
    const row = (await outboxRows()).find((r) => r.key === `held:${commentId}:to:${moderators.now.id}`)!;
    const [approve, spam] = [/Approve: \S+token=(\S+)/, /Spam: \S+token=(\S+)/].map((pattern) => decodeURIComponent(pattern.exec(row.text_body)![1]!));
    return { approve: approve!, spam: spam! };
  }
  const status = async (id: number) => (await sqlRows<{ status: string }>(sql`select status from comments where id = ${id}`))[0]!.status;

  test('a link approves once, as the moderator it was signed for; a second use and the other step are refused', async () => {
    const held = await post({ email: 'carl@example.com' });
    const { approve, spam } = await linksFor(held);
    const link = checkModerationLink(approve);
    assert.ok(link.ok);
    assert.deepEqual({ userId: link.userId, commentId: link.commentId, intent: link.intent }, { userId: moderators.now.id, commentId: held, intent: 'approve' });
    assert.equal((await links.moderateByLink(link, null)).ok, true);
    assert.equal(await status(held), 'approved');
    assert.equal(await links.isModerationLinkUsed(link.usedKey), true);
    assert.deepEqual(await links.moderateByLink(link, null), { ok: false, reason: 'used' });
    const spamLink = checkModerationLink(spam);
    assert.ok(spamLink.ok);
    assert.deepEqual(await links.moderateByLink(spamLink, null), { ok: false, reason: 'already-handled' }, 'compare-and-set');
    assert.equal(await status(held), 'approved');
    const [logged] = await sqlRows<{ user_id: number; action: string }>(sql`select user_id, action from moderation_log where comment_id = ${held}`);
    assert.deepEqual(logged, { user_id: moderators.now.id, action: 'approve' });
  });

  test('a link for an account that may not moderate works only with a moderator’s session', async () => {
    const held = await post({ email: 'carl@example.com' });
    const { approve } = await linksFor(held);
    await runSql(sql`update users set disabled = true where id = ${moderators.now.id}`);
    try {
      const link = checkModerationLink(approve);
      assert.ok(link.ok);
      assert.deepEqual(await links.moderateByLink(link, null), { ok: false, reason: 'not-allowed' });
      assert.deepEqual(await links.moderateByLink(link, moderators.writer), { ok: false, reason: 'not-allowed' });
      assert.equal(await status(held), 'pending');
      assert.equal((await links.moderateByLink(link, moderators.hourly)).ok, true);
      assert.equal(await status(held), 'approved');
    } finally {
      await runSql(sql`update users set disabled = false where id = ${moderators.now.id}`);
    }
  });

  test('signed, expiring, for one purpose; used links are forgotten once they would have expired', async () => {
    const held = await post({ email: 'carl@example.com' });
    const { approve, spam } = await linksFor(held);
    const issued = Date.now();
    assert.equal(checkModerationLink(approve, issued + moderationLinkLifetimeMs - 60_000).ok, true);
    assert.deepEqual(checkModerationLink(approve, issued + moderationLinkLifetimeMs + 60_000), { ok: false, reason: 'expired' });
    assert.equal(checkMailLink(approve, 'manage').ok, false, 'not a mail link');
    const parts = spam.split('.');
    parts[3] = 'approve';
    assert.deepEqual(checkModerationLink(parts.join('.')), { ok: false, reason: 'forged' }, 'the step is signed');
    const link = checkModerationLink(approve);
    assert.ok(link.ok);
    await links.moderateByLink(link, null, issued);
    await links.forgetUsedModerationLinks(issued + moderationLinkLifetimeMs - 60_000);
    assert.equal(await links.isModerationLinkUsed(link.usedKey), true);
    await links.forgetUsedModerationLinks(issued + moderationLinkLifetimeMs + 60_000);
    assert.equal(await links.isModerationLinkUsed(link.usedKey), false);
  });
});

import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestArticle, addTestComment, emptyTables, openTemporaryDatabase, sqlRows } from '@/db/test-database';
import { defaultSettings } from '@/lib/settings';

// "Your own words": who may change a comment, until when, and not after a reply. The clock is
// moved (the `now` each call is given), not the calendar.

await openTemporaryDatabase('own-comments');
const { readerKeyOf } = await import('@/db/queries/comments');
const { deleteOwnComment, editOwnComment, getOwnComment, listOwnComments } = await import('@/db/queries/own-comments');
const { readModerationQueue } = await import('@/db/queries/moderation-queue');

const minute = 60_000;
const posted = Date.parse('2026-12-02T12:00:00Z');
const rules = { ...defaultSettings, moderationWords: ['casino'], disallowedWords: ['viagra'], holdLinkCount: 1 };
let articleId = 0;

before(async () => {
  articleId = await addTestArticle({ slug: 'own-words' });
});
beforeEach(() => emptyTables('moderation_log', 'comments'));

function ownComment(values: Partial<Parameters<typeof addTestComment>[0]> = {}) {
  const at = new Date(posted);
  return addTestComment({ articleId, readerKey: readerKeyOf('reader-a'), body: 'First words.', status: 'approved', createdAt: at, updatedAt: at, ...values });
}

async function stored(id: number) {
  const [row] = await sqlRows<{ body: string; status: string; held_reason: string | null }>(sql`select body, status, held_reason from comments where id = ${id}`);
  return row!;
}

describe('who may change a comment, and until when', () => {
  test('its own browser, within ownEditMinutes of posting: edited, the previous text in the log', async () => {
    const id = await ownComment();
    assert.deepEqual(await listOwnComments(articleId, 'reader-a', 15, posted + 14 * minute), [
      { id, until: new Date(posted + 15 * minute).toISOString() },
    ]);
    assert.equal((await getOwnComment(id, 'reader-a', 15, posted + 14 * minute))?.body, 'First words.');
    assert.deepEqual(await editOwnComment(id, 'reader-a', 'Better words.', rules, posted + 14 * minute), { ok: true, changedSlugs: ['own-words'] });
    assert.deepEqual(await stored(id), { body: 'Better words.', status: 'approved', held_reason: null });
    const log = await sqlRows<{ action: string; note: string; user_id: number | null }>(sql`select action, note, user_id from moderation_log where comment_id = ${id}`);
    assert.deepEqual(log, [{ action: 'author-edit', note: 'First words.', user_id: null }]);
  });

  test('another browser, or none, may not: the comment stays as it was', async () => {
    const id = await ownComment();
    assert.deepEqual(await listOwnComments(articleId, 'reader-b', 15, posted + minute), []);
    assert.equal(await getOwnComment(id, 'reader-b', 15, posted + minute), null);
    assert.deepEqual(await editOwnComment(id, 'reader-b', 'Defaced.', rules, posted + minute), { ok: false, reason: 'not-yours' });
    assert.deepEqual(await deleteOwnComment(id, 'reader-b', 15, posted + minute), { ok: false, reason: 'not-yours' });
    const imported = await ownComment({ readerKey: null });
    assert.deepEqual(await editOwnComment(imported, 'reader-a', 'Mine now.', rules, posted + minute), { ok: false, reason: 'not-yours' });
    assert.equal((await stored(id)).body, 'First words.');
  });

  test('not once the time is over (the setting moves it; 0 turns it off)', async () => {
    const id = await ownComment();
    assert.deepEqual(await listOwnComments(articleId, 'reader-a', 15, posted + 15 * minute), []);
    assert.deepEqual(await editOwnComment(id, 'reader-a', 'Late words.', rules, posted + 15 * minute), { ok: false, reason: 'too-late' });
    assert.deepEqual(await deleteOwnComment(id, 'reader-a', 15, posted + 15 * minute), { ok: false, reason: 'too-late' });
    assert.equal((await listOwnComments(articleId, 'reader-a', 30, posted + 15 * minute)).length, 1);
    assert.deepEqual(await editOwnComment(id, 'reader-a', 'Anything.', { ...rules, ownEditMinutes: 0 }, posted + minute), { ok: false, reason: 'too-late' });
    assert.equal((await stored(id)).body, 'First words.');
  });

  test('not after a reply (approved or held); a reply in spam or trash does not count', async () => {
    const id = await ownComment();
    const spamReply = await addTestComment({ articleId, parentId: id, status: 'spam', body: 'Buy now' });
    assert.equal((await listOwnComments(articleId, 'reader-a', 15, posted + minute)).length, 1);
    await addTestComment({ articleId, parentId: id, status: 'pending', body: 'A reply.' });
    assert.deepEqual(await listOwnComments(articleId, 'reader-a', 15, posted + minute), []);
    assert.equal(await getOwnComment(id, 'reader-a', 15, posted + minute), null);
    assert.deepEqual(await editOwnComment(id, 'reader-a', 'Changed under a reply.', rules, posted + minute), { ok: false, reason: 'replied' });
    assert.deepEqual(await deleteOwnComment(id, 'reader-a', 15, posted + minute), { ok: false, reason: 'replied' });
    assert.equal((await stored(id)).status, 'approved');
    assert.ok(spamReply);
  });
});

describe('an edit goes through the content rules of a new post', () => {
  test('an approved comment with a moderation word or too many links goes back to pending; a disallowed word to spam', async () => {
    const word = await ownComment();
    assert.deepEqual(await editOwnComment(word, 'reader-a', 'Visit my casino.', rules, posted + minute), { ok: true, changedSlugs: ['own-words'] });
    assert.deepEqual(await stored(word), { body: 'Visit my casino.', status: 'pending', held_reason: 'moderation word: casino' });
    const links = await ownComment();
    await editOwnComment(links, 'reader-a', 'See https://a.example and https://b.example', rules, posted + minute);
    assert.deepEqual(await stored(links), { body: 'See https://a.example and https://b.example', status: 'pending', held_reason: '2 links' });
    const spam = await ownComment();
    await editOwnComment(spam, 'reader-a', 'Cheap viagra', rules, posted + minute);
    assert.equal((await stored(spam)).status, 'spam');
  });

  test('a held comment stays held, whatever its new text: only a moderator approves', async () => {
    const id = await ownComment({ status: 'pending', heldReason: 'every comment is held for review' });
    assert.deepEqual(await editOwnComment(id, 'reader-a', 'Still held.', rules, posted + minute), { ok: true, changedSlugs: [] });
    assert.deepEqual(await stored(id), { body: 'Still held.', status: 'pending', held_reason: 'every comment is held for review' });
  });

  test('the moderation queue shows the previous text beside the edit', async () => {
    const id = await ownComment({ status: 'pending', heldReason: 'every comment is held for review' });
    await editOwnComment(id, 'reader-a', 'Second thoughts.', rules, posted + minute);
    const queue = await readModerationQueue({ tab: 'pending', page: 1 });
    const row = queue.items.find((item) => item.id === id)!;
    assert.equal(row.body, 'Second thoughts.');
    assert.deepEqual(row.log.map((entry) => [entry.action, entry.actor, entry.note]), [['author-edit', null, 'First words.']]);
  });
});

test('deleting: to the trash as "deleted by its author", off the list, and not twice', async () => {
  const id = await ownComment();
  assert.deepEqual(await deleteOwnComment(id, 'reader-a', 15, posted + minute), { ok: true, changedSlugs: ['own-words'] });
  assert.deepEqual(await stored(id), { body: 'First words.', status: 'trash', held_reason: 'deleted by its author' });
  assert.deepEqual(await listOwnComments(articleId, 'reader-a', 15, posted + minute), []);
  assert.deepEqual(await deleteOwnComment(id, 'reader-a', 15, posted + minute), { ok: false, reason: 'gone' });
  assert.deepEqual(await editOwnComment(id, 'reader-a', 'Back again.', rules, posted + minute), { ok: false, reason: 'gone' });
});

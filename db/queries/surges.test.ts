import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { addTestArticle, addTestUser, emptyTables, sqlRows } from '@/db/test-database';
import { openTemporaryDatabase } from '@/db/test-database';
import type { Staff } from '@/lib/accounts';
import { surgeEffect } from '@/lib/surge';

// The surge switch's data, on SQLite and PostgreSQL, with the clock moved (the `now` each call is given).

await openTemporaryDatabase('surges');
const { getDb } = await import('@/db/index');
const { articles } = await import('@/db/schema');
const { endSurgeNow, handleDueSurgeEnds, listSurges, nextSurgeEnd, startSurge, surgeRulesFor } = await import('@/db/queries/surges');

const t0 = Date.parse('2026-12-03T14:00:00Z');
const minute = 60_000;
const hour = 60 * minute;
let articleId = 0;
let otherId = 0;
let moderator: Staff;
const contributor = (): Staff => ({ ...moderator, role: 'contributor' });

before(async () => {
  articleId = await addTestArticle({ slug: 'surging' });
  otherId = await addTestArticle({ slug: 'quiet' });
  moderator = { id: await addTestUser({ email: 'mo@example.com', name: 'Mo Derator', role: 'moderator' }), email: 'mo@example.com', name: 'Mo Derator', role: 'moderator' };
});
beforeEach(async () => {
  await emptyTables('surges');
  await reopenAll();
});

test('a contributor cannot start or end one, nor list them', async () => {
  await assert.rejects(startSurge(contributor(), { kind: 'hold', articleId, durationMs: hour, value: null }, t0), /may not moderate/);
  await assert.rejects(endSurgeNow(contributor(), 1, t0), /may not moderate/);
  await assert.rejects(listSurges(contributor()), /may not moderate/);
  assert.deepEqual(await sqlRows(sql`select id from surges`), []);
});

test('started: active until its end time, on its article and not the other; the rule reads it from the times', async () => {
  const started = await startSurge(moderator, { kind: 'hold', articleId, durationMs: 2 * hour, value: null }, t0);
  assert.deepEqual(started, { result: 'started', id: (started as { id: number }).id, scope: { slug: 'surging' }, endsAt: t0 + 2 * hour });
  assert.equal(surgeEffect(await surgeRulesFor(articleId, t0 + hour), articleId, t0 + hour).holdUntil, t0 + 2 * hour);
  assert.equal(surgeEffect(await surgeRulesFor(otherId, t0 + hour), otherId, t0 + hour).holdUntil, null);
  // The clock moved past the end, with no timer run: over.
  assert.deepEqual(await surgeRulesFor(articleId, t0 + 2 * hour), []);
  assert.equal(await nextSurgeEnd(), t0 + 2 * hour);
});

test('a site surge applies to every article; an unknown article is refused', async () => {
  await startSurge(moderator, { kind: 'slow', articleId: null, durationMs: hour, value: 120 }, t0);
  assert.deepEqual(surgeEffect(await surgeRulesFor(otherId, t0 + minute), otherId, t0 + minute).slow, { seconds: 120, until: t0 + hour });
  assert.deepEqual(await startSurge(moderator, { kind: 'hold', articleId: 999_999, durationMs: hour, value: null }, t0), { result: 'no-article' });
});

test('End now: over at once, who ended it is kept; a second End now finds it over', async () => {
  const started = await startSurge(moderator, { kind: 'hold', articleId, durationMs: 2 * hour, value: null }, t0);
  const id = (started as { id: number }).id;
  assert.deepEqual(await endSurgeNow(moderator, id, t0 + hour), { result: 'ended', scope: { slug: 'surging' } });
  assert.deepEqual(await surgeRulesFor(articleId, t0 + hour), []);
  assert.deepEqual(await endSurgeNow(moderator, id, t0 + hour + 1), { result: 'already-over' });
  const [listed] = await listSurges(moderator, { now: t0 + hour + 1 });
  assert.equal(listed!.endedBy, 'Mo Derator');
  assert.equal(listed!.startedBy, 'Mo Derator');
  assert.equal(listed!.active, false);
  assert.equal(listed!.endsAt, new Date(t0 + hour).toISOString());
  assert.equal(await nextSurgeEnd(), null, 'nothing left for the timer');
});

test('close: closed from its time; the timer closes the article once; End now before its time calls it off', async () => {
  await startSurge(moderator, { kind: 'close', articleId, durationMs: 10 * minute, value: null }, t0);
  assert.equal(surgeEffect(await surgeRulesFor(articleId, t0 + minute), articleId, t0 + minute).closesAt, t0 + 10 * minute);
  assert.equal(surgeEffect(await surgeRulesFor(articleId, t0 + 10 * minute), articleId, t0 + 10 * minute).closed, true, 'closed at its time, before any timer');
  assert.deepEqual(await handleDueSurgeEnds(t0 + 5 * minute), [], 'not yet due');
  const ended = await handleDueSurgeEnds(t0 + 10 * minute);
  assert.deepEqual(ended.map((e) => [e.kind, e.scope]), [['close', { slug: 'surging' }]]);
  assert.deepEqual(await handleDueSurgeEnds(t0 + 11 * minute), [], 'once');
  const flags = await openFlags();
  assert.deepEqual(flags.filter((a) => !a.open).map((a) => a.slug), ['surging'], 'that article alone');
  assert.equal(surgeEffect(await surgeRulesFor(articleId, t0 + 11 * minute), articleId, t0 + 11 * minute).closed, false, 'the article flag says it now');

  await reopenAll();
  const off = await startSurge(moderator, { kind: 'close', articleId: null, durationMs: 10 * minute, value: null }, t0 + hour);
  await endSurgeNow(moderator, (off as { id: number }).id, t0 + hour + minute);
  assert.deepEqual(await handleDueSurgeEnds(t0 + 2 * hour), []);
  assert.equal(surgeEffect(await surgeRulesFor(otherId, t0 + 2 * hour), otherId, t0 + 2 * hour).closed, false);
  assert.ok((await openFlags()).every((a) => a.open));
});

test('a site close closes every open article at its time', async () => {
  await startSurge(moderator, { kind: 'close', articleId: null, durationMs: minute, value: null }, t0);
  assert.deepEqual((await handleDueSurgeEnds(t0 + minute)).map((e) => e.scope), ['site']);
  assert.ok((await openFlags()).every((a) => !a.open));
});

test('the list: in force first (soonest end first), then the recent ones, newest first; one article’s with the site’s', async () => {
  await startSurge(moderator, { kind: 'hold', articleId, durationMs: 3 * hour, value: null }, t0);
  await startSurge(moderator, { kind: 'slow', articleId: null, durationMs: hour, value: 60 }, t0);
  await startSurge(moderator, { kind: 'hold', articleId: otherId, durationMs: minute, value: null }, t0);
  const now = t0 + 2 * minute;
  const all = await listSurges(moderator, { now });
  assert.deepEqual(all.map((s) => [s.kind, s.article?.slug ?? 'site', s.active]), [
    ['slow', 'site', true],
    ['hold', 'surging', true],
    ['hold', 'quiet', false],
  ]);
  const mine = await listSurges(moderator, { articleId, now });
  assert.deepEqual(mine.map((s) => s.article?.slug ?? 'site'), ['site', 'surging']);
});

async function reopenAll() {
  await getDb().update(articles).set({ commentsOpen: true });
}

function openFlags() {
  return getDb().select({ slug: articles.slug, open: articles.commentsOpen }).from(articles).orderBy(articles.id);
}

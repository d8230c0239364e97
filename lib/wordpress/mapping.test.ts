import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoryAddresses, planComment, planItem, postAddresses, threadOrder, wordpressTime } from './mapping';

test('dates: the _gmt one in UTC; a local one without a zone read as UTC and said; none', () => {
  assert.deepEqual(wordpressTime('2025-02-26 18:30:00', '2025-02-26 17:30:00'), { ms: Date.UTC(2025, 1, 26, 17, 30) });
  assert.deepEqual(wordpressTime('2025-02-26 18:30:00', '0000-00-00 00:00:00'), {
    ms: Date.UTC(2025, 1, 26, 18, 30),
    note: 'the date 2025-02-26 18:30:00 has no time zone: read as UTC',
  });
  assert.equal(wordpressTime('yesterday', ''), null);
});

test('items: posts by status, pages and attachments skipped with the reason', () => {
  assert.deepEqual(planItem({ postType: 'post', status: 'publish' }), { import: true, status: 'published' });
  assert.deepEqual(planItem({ postType: 'post', status: 'future' }), { import: true, status: 'published' });
  assert.deepEqual(planItem({ postType: 'post', status: 'draft' }), { import: true, status: 'draft' });
  assert.deepEqual(planItem({ postType: 'post', status: 'pending' }), { import: true, status: 'review' });
  assert.equal(planItem({ postType: 'post', status: 'private' }).import && 'unpublished', 'unpublished');
  assert.match(planItem({ postType: 'page', status: 'publish' }).import ? '' : (planItem({ postType: 'page', status: 'publish' }) as { reason: string }).reason, /a page/);
  assert.equal(planItem({ postType: 'attachment', status: 'inherit' }).import, false);
  assert.equal(planItem({ postType: 'post', status: 'trash' }).import, false);
});

test('comments: 1, 0, spam and trash map; pingbacks and trackbacks are skipped', () => {
  assert.deepEqual(['1', '0', 'spam', 'trash', 'post-trashed'].map((approved) => planComment({ type: 'comment', approved })), [
    { import: true, status: 'approved' },
    { import: true, status: 'pending' },
    { import: true, status: 'spam' },
    { import: true, status: 'trash' },
    { import: true, status: 'trash' },
  ]);
  assert.deepEqual(planComment({ type: 'pingback', approved: '1' }), { import: false, reason: 'pingback' });
  assert.deepEqual(planComment({ type: 'trackback', approved: '1' }), { import: false, reason: 'trackback' });
});

test('threads: parents before replies; a parent missing or on another post, or a loop, makes a top-level comment with a note', () => {
  const ordered = threadOrder([
    { id: '3', parent: '2' },
    { id: '2', parent: '1' },
    { id: '1', parent: '0' },
    { id: '4', parent: '99' },
    { id: '5', parent: '6' },
    { id: '6', parent: '5' },
  ]);
  assert.deepEqual(
    ordered.map((o) => [o.comment.id, o.parent]),
    [['1', null], ['2', '1'], ['3', '2'], ['4', null], ['6', null], ['5', '6']],
  );
  assert.match(ordered[3]!.note!, /comment 4 replies to comment 99, which is not on this post \(missing or on another post\)/);
  assert.match(ordered[4]!.note!, /loop/);
});

test("old addresses: ?p=, the permalink, the date path (the site's own date) and the bare slug; categories nested and not", () => {
  assert.deepEqual(postAddresses({ postId: '5', link: 'http://old.example/steel/', slug: 'steel', date: '2025-02-26 23:30:00' }), ['/?p=5', '/steel/', '/2025/02/26/steel/']);
  assert.deepEqual(postAddresses({ postId: '7', link: 'http://old.example/?p=7', slug: '', date: '0000-00-00 00:00:00' }), ['/?p=7']);
  assert.deepEqual(categoryAddresses('europe', ['world']), ['/category/world/europe/', '/category/europe/']);
});

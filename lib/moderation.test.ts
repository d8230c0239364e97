import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { commentStatuses, isPublic, type CommentStatus } from '@/lib/comments';
import {
  allows,
  allowsPanels,
  bulkIntentsFor,
  bulkLabel,
  bulkMenu,
  intentLabel,
  intentsFor,
  isStatusIntent,
  moderationIntents,
  moderationKeys,
  outcomeOf,
  queueTabs,
  statusOfTab,
  type ModerationIntent,
  type QueueTab,
} from './moderation';

// The expected table, written out by hand: status × step → where it leads, or '-' when refused.
// A flagged comment (taken off the page by readers' reports) allows the same steps plus Dismiss.
const expected: Record<CommentStatus, Record<ModerationIntent, CommentStatus | 'deleted' | '-'>> = {
  pending: { dismiss: '-', approve: 'approved', unapprove: '-', notspam: '-', restore: '-', spam: 'spam', trash: 'trash', delete: '-' },
  approved: { dismiss: '-', approve: '-', unapprove: 'pending', notspam: '-', restore: '-', spam: 'spam', trash: 'trash', delete: '-' },
  spam: { dismiss: '-', approve: '-', unapprove: '-', notspam: 'pending', restore: '-', spam: '-', trash: 'trash', delete: '-' },
  trash: { dismiss: '-', approve: '-', unapprove: '-', notspam: '-', restore: 'pending', spam: '-', trash: '-', delete: 'deleted' },
};

describe('every status × every step', () => {
  for (const status of commentStatuses) {
    for (const flagged of [false, true]) {
      for (const intent of moderationIntents) {
        const want = intent === 'dismiss' ? (flagged ? status : '-') : expected[status][intent];
        test(`${status}${flagged ? ' (flagged)' : ''} × ${intent} → ${want === '-' ? 'refused' : want}`, () => {
          const comment = { status, flagged };
          assert.equal(allows(comment, intent), want !== '-');
          assert.equal(outcomeOf(comment, intent), want === '-' ? null : want);
        });
      }
    }
  }
});

test('the rows offer the buttons they always did, in the same order', () => {
  const labels = (status: CommentStatus, flagged = false) => intentsFor({ status, flagged }).map(intentLabel);
  assert.deepEqual(labels('pending'), ['Approve', 'Spam', 'Trash']);
  assert.deepEqual(labels('approved'), ['Unapprove', 'Spam', 'Trash']);
  assert.deepEqual(labels('spam'), ['Not spam', 'Trash']);
  assert.deepEqual(labels('trash'), ['Restore', 'Delete permanently']);
  assert.deepEqual(labels('approved', true), ['Dismiss reports', 'Unapprove', 'Spam', 'Trash']);
});

test('Delete permanently only from the trash; Dismiss reports only when flagged', () => {
  for (const status of commentStatuses) {
    for (const flagged of [false, true]) {
      assert.equal(allows({ status, flagged }, 'delete'), status === 'trash');
      assert.equal(allows({ status, flagged }, 'dismiss'), flagged);
    }
  }
});

test('a status step leads to another status; Delete and Dismiss are not status steps', () => {
  for (const intent of moderationIntents) {
    assert.equal(isStatusIntent(intent), intent !== 'delete' && intent !== 'dismiss');
    for (const status of commentStatuses) {
      const to = outcomeOf({ status, flagged: false }, intent);
      if (isStatusIntent(intent) && to !== null) assert.notEqual(to, status, `${intent} from ${status} changes nothing`);
    }
  }
});

test('Edit, Reply and Ban are offered except in the trash', () => {
  assert.deepEqual(
    commentStatuses.filter((status) => allowsPanels(status)),
    ['pending', 'approved', 'spam'],
  );
});

describe('the bulk bar', () => {
  const offers: Record<QueueTab, string[]> = {
    pending: ['Approve selected', 'Spam selected', 'Trash selected'],
    reported: ['Spam selected', 'Trash selected'],
    approved: ['Spam selected', 'Trash selected'],
    spam: ['Trash selected'],
    trash: [],
  };
  for (const tab of queueTabs) {
    test(`${tab}: offers ${offers[tab].join(', ') || 'nothing'}`, () => {
      assert.deepEqual(bulkIntentsFor(tab).map(bulkLabel), offers[tab]);
    });

    test(`${tab}: every step offered succeeds for every comment the tab lists`, () => {
      const status = statusOfTab(tab);
      for (const flagged of tab === 'reported' ? [true] : [false, true]) {
        for (const intent of bulkIntentsFor(tab)) {
          assert.ok(allows({ status, flagged }, intent), `${intent} offered on ${tab} but refused for ${status}`);
        }
      }
      // And nothing that could succeed is left out of the bar's menu.
      for (const intent of bulkMenu) {
        if (allows({ status, flagged: false }, intent)) assert.ok(bulkIntentsFor(tab).includes(intent), `${intent} missing on ${tab}`);
      }
    });
  }

  test('the Spam tab never offers Approve selected (it could only fail)', () => {
    assert.ok(!bulkIntentsFor('spam').includes('approve'));
    assert.equal(allows({ status: 'spam', flagged: false }, 'approve'), false);
  });

  test('each tab lists comments of its own status; Reported lists hidden approved ones', () => {
    for (const status of commentStatuses) assert.equal(statusOfTab(status), status);
    assert.equal(statusOfTab('reported'), 'approved');
    assert.equal(isPublic({ status: statusOfTab('reported'), flagged: true }), false);
  });
});

test('the keys press a row button that exists for some status, or open the reply', () => {
  for (const [key, step] of Object.entries(moderationKeys)) {
    if (step === 'reply') continue;
    assert.ok(
      commentStatuses.some((status) => intentsFor({ status, flagged: false }).includes(step)),
      `${key} (${step}) matches no button`,
    );
  }
  assert.deepEqual(moderationKeys, { a: 'approve', s: 'spam', t: 'trash', r: 'reply' });
});

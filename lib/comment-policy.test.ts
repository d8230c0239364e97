import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countLinks, decideStatus } from './comment-policy';
import { type ApprovalPolicy } from '@/lib/settings';


function input(approvalPolicy: ApprovalPolicy, holdLinkCount: number, body: string, authorHasApprovedComment: boolean) {
  return {
    settings: { approvalPolicy, holdLinkCount, moderationWords: [], disallowedWords: [] },
    fields: [body],
    body,
    authorHasApprovedComment,
  };
}

const plain = 'A thoughtful reply without links.';
const links = (n: number) => Array.from({ length: n }, (_, i) => `see https://example.com/${i}`).join(' ');

describe('decideStatus: approval policy', () => {
  test('"all" holds every comment, even from a returning author', () => {
    for (const authorHasApprovedComment of [false, true]) {
      assert.deepEqual(decideStatus(input('all', 2, plain, authorHasApprovedComment)), {
        status: 'pending',
        heldReason: 'every comment is held for review',
      });
    }
  });

  test('"first_time" holds a first comment from this email', () => {
    assert.deepEqual(
      decideStatus(input('first_time', 2, plain, false)),
      { status: 'pending', heldReason: 'first comment from this email' },
    );
  });

  test('"first_time" approves an author with an earlier approved comment', () => {
    assert.deepEqual(
      decideStatus(input('first_time', 2, plain, true)),
      { status: 'approved', heldReason: null },
    );
  });

  test('"none" approves at once', () => {
    for (const authorHasApprovedComment of [false, true]) {
      assert.deepEqual(decideStatus(input('none', 2, plain, authorHasApprovedComment)), {
        status: 'approved',
        heldReason: null,
      });
    }
  });
});

describe('decideStatus: link-count hold', () => {
  test('up to the limit is fine; above it is held with the count as reason', () => {
    assert.equal(
      decideStatus(input('none', 2, links(2), true)).status,
      'approved',
    );
    assert.deepEqual(
      decideStatus(input('none', 2, links(3), true)),
      { status: 'pending', heldReason: '3 links' },
    );
  });

  test('the link hold wins over every policy and names the count', () => {
    for (const policy of ['all', 'first_time', 'none'] as const) {
      for (const authorHasApprovedComment of [false, true]) {
        assert.deepEqual(decideStatus(input(policy, 2, links(5), authorHasApprovedComment)), {
          status: 'pending',
          heldReason: '5 links',
        });
      }
    }
  });

  test('a limit of 0 holds any link', () => {
    assert.equal(
      decideStatus(input('none', 0, links(1), true)).status,
      'pending',
    );
    assert.equal(
      decideStatus(input('none', 0, plain, true)).status,
      'approved',
    );
  });
});

describe('countLinks', () => {
  test('counts http and https addresses, any case', () => {
    assert.equal(countLinks(plain), 0);
    assert.equal(countLinks('http://a.example HTTPS://b.example https://c.example/x?y'), 3);
    assert.equal(countLinks('www.example.com ftp://example.com'), 0);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countLinks, decideStatus } from './comment-policy';

const plain = 'A thoughtful reply without links.';
const links = (n: number) => Array.from({ length: n }, (_, i) => `see https://example.com/${i}`).join(' ');

describe('decideStatus: approval policy', () => {
  test('"all" holds every comment, even from a returning author', () => {
    for (const authorHasApprovedComment of [false, true]) {
      assert.deepEqual(decideStatus({ policy: 'all', holdLinkCount: 2, body: plain, authorHasApprovedComment }), {
        status: 'pending',
        heldReason: 'every comment is held for review',
      });
    }
  });

  test('"first_time" holds a first comment from this email', () => {
    assert.deepEqual(
      decideStatus({ policy: 'first_time', holdLinkCount: 2, body: plain, authorHasApprovedComment: false }),
      { status: 'pending', heldReason: 'first comment from this email' },
    );
  });

  test('"first_time" approves an author with an earlier approved comment', () => {
    assert.deepEqual(
      decideStatus({ policy: 'first_time', holdLinkCount: 2, body: plain, authorHasApprovedComment: true }),
      { status: 'approved', heldReason: null },
    );
  });

  test('"none" approves at once', () => {
    for (const authorHasApprovedComment of [false, true]) {
      assert.deepEqual(decideStatus({ policy: 'none', holdLinkCount: 2, body: plain, authorHasApprovedComment }), {
        status: 'approved',
        heldReason: null,
      });
    }
  });
});

describe('decideStatus: link-count hold', () => {
  test('up to the limit is fine; above it is held with the count as reason', () => {
    assert.equal(
      decideStatus({ policy: 'none', holdLinkCount: 2, body: links(2), authorHasApprovedComment: true }).status,
      'approved',
    );
    assert.deepEqual(
      decideStatus({ policy: 'none', holdLinkCount: 2, body: links(3), authorHasApprovedComment: true }),
      { status: 'pending', heldReason: '3 links' },
    );
  });

  test('the link hold wins over every policy and names the count', () => {
    for (const policy of ['all', 'first_time', 'none'] as const) {
      for (const authorHasApprovedComment of [false, true]) {
        assert.deepEqual(decideStatus({ policy, holdLinkCount: 2, body: links(5), authorHasApprovedComment }), {
          status: 'pending',
          heldReason: '5 links',
        });
      }
    }
  });

  test('a limit of 0 holds any link', () => {
    assert.equal(
      decideStatus({ policy: 'none', holdLinkCount: 0, body: links(1), authorHasApprovedComment: true }).status,
      'pending',
    );
    assert.equal(
      decideStatus({ policy: 'none', holdLinkCount: 0, body: plain, authorHasApprovedComment: true }).status,
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

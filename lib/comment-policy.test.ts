import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countLinks, decideStatus, findListedWord, foldForMatching } from './comment-policy';
import type { ApprovalPolicy, DiscussionSettings } from './settings';

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

// Moderation and disallowed words: whole words on folded text, in every field.

type Lists = Partial<Pick<DiscussionSettings, 'moderationWords' | 'disallowedWords' | 'holdLinkCount'>>;

function verdict(lists: Lists, fields: { name?: string; email?: string; website?: string; comment?: string }) {
  const f = { name: 'Ann', email: 'ann@example.com', website: '', comment: 'A fair point.', ...fields };
  return decideStatus({
    settings: { approvalPolicy: 'none', holdLinkCount: 2, moderationWords: [], disallowedWords: [], ...lists },
    fields: [f.name, f.email, f.website, f.comment],
    body: f.comment,
    authorHasApprovedComment: false,
  });
}

describe('findListedWord: whole words on folded text', () => {
  test('"press" does not match inside "WordPress" or "pressing", but matches the word', () => {
    assert.equal(findListedWord(['press'], ['I use WordPress daily']), null);
    assert.equal(findListedWord(['press'], ['pressing matters']), null);
    assert.equal(findListedWord(['press'], ['Stop the press!']), 'press');
    assert.equal(findListedWord(['press'], ['press']), 'press');
    assert.equal(findListedWord(['press'], ['(press)']), 'press');
  });

  test('letter case does not matter, either side', () => {
    assert.equal(findListedWord(['Casino'], ['best CASINO bonus']), 'Casino');
    assert.equal(findListedWord(['casino'], ['Casino']), 'casino');
  });

  test('compatibility forms fold (NFKC): full-width letters and ligatures', () => {
    assert.equal(findListedWord(['casino'], ['ｃａｓｉｎｏ']), 'casino');
    assert.equal(findListedWord(['profit'], ['huge pro\uFB01t']), 'profit');
  });

  test('Cyrillic and Greek look-alikes fold to Latin', () => {
    assert.equal(findListedWord(['casino'], ['c\u0430sino']), 'casino', 'Cyrillic а');
    assert.equal(findListedWord(['press'], ['pr\u0435ss']), 'press', 'Cyrillic е');
    assert.equal(findListedWord(['viagra'], ['VI\u0410GR\u0410']), 'viagra', 'upper-case Cyrillic А');
    assert.equal(findListedWord(['poker'], ['\u03C1oker']), 'poker', 'Greek ρ');
    assert.equal(findListedWord(['press'], ['WordPr\u0435ss']), null, 'still whole words only');
  });

  test('invisible format characters inside a word do not hide it', () => {
    assert.equal(findListedWord(['casino'], ['cas\u200Bino']), 'casino');
    assert.equal(findListedWord(['casino'], ['ca\u00ADsino']), 'casino');
  });

  test('accents are kept: "café" is not "cafe"', () => {
    assert.equal(findListedWord(['cafe'], ['café society']), null);
    assert.equal(findListedWord(['café'], ['Cafe\u0301 society']), 'café', 'NFD text matches the NFC word');
  });

  test('phrases and punctuation in listed words are literal', () => {
    assert.equal(findListedWord(['buy now'], ['Please BUY NOW.']), 'buy now');
    assert.equal(findListedWord(['c++'], ['I like c++ a lot']), 'c++');
    assert.equal(findListedWord(['a.b'], ['axb']), null, 'a dot is not a wildcard');
    assert.equal(findListedWord(['(x'], ['(x y']), '(x', 'unbalanced brackets do not throw');
  });

  test('blank entries are ignored; the first listed match is returned, trimmed', () => {
    assert.equal(findListedWord(['', '   '], ['anything']), null);
    assert.equal(findListedWord(['  spam  ', 'ham'], ['ham and spam']), 'spam');
  });

  test('foldForMatching lower-cases, folds and drops format characters', () => {
    assert.equal(foldForMatching('Ｐr\u0435\u200Bss'), 'press');
  });
});

describe('decideStatus: word lists and links', () => {
  test('a moderation word holds, naming the word', () => {
    assert.deepEqual(verdict({ moderationWords: ['refund'] }, { comment: 'I want a Refund.' }), {
      status: 'pending',
      heldReason: 'moderation word: refund',
    });
  });

  test('a disallowed word is spam, naming the word', () => {
    assert.deepEqual(verdict({ disallowedWords: ['casino'] }, { comment: 'Visit my c\u0430sino' }), {
      status: 'spam',
      heldReason: 'disallowed word: casino',
    });
  });

  test('the lists apply to name, email, website and text', () => {
    const cases = [
      { name: 'Casino King' },
      { email: 'casino@example.com' },
      { website: 'https://casino.example/' },
      { comment: 'casino' },
    ];
    for (const fields of cases) {
      assert.equal(verdict({ disallowedWords: ['casino'] }, fields).status, 'spam', JSON.stringify(fields));
      assert.equal(verdict({ moderationWords: ['casino'] }, fields).status, 'pending', JSON.stringify(fields));
    }
  });

  test('"press" on the list leaves a WordPress comment alone', () => {
    assert.deepEqual(
      verdict({ moderationWords: ['press'], disallowedWords: ['press'] }, { comment: 'Built with WordPress', website: 'https://wordpress.org/' }),
      { status: 'approved', heldReason: null },
    );
  });

  test('more links than holdLinkCount hold with the count; disallowed beats links, links beat moderation words', () => {
    const three = 'https://a.example http://b.example HTTPS://c.example';
    assert.deepEqual(verdict({ holdLinkCount: 2 }, { comment: three }), { status: 'pending', heldReason: '3 links' });
    assert.deepEqual(verdict({ holdLinkCount: 3 }, { comment: three }), { status: 'approved', heldReason: null });
    assert.deepEqual(verdict({ holdLinkCount: 0 }, { comment: 'see https://a.example' }), {
      status: 'pending',
      heldReason: '1 link',
    });
    assert.equal(verdict({ holdLinkCount: 0, disallowedWords: ['casino'] }, { comment: `casino ${three}` }).status, 'spam');
    assert.deepEqual(verdict({ holdLinkCount: 0, moderationWords: ['refund'] }, { comment: `refund ${three}` }), {
      status: 'pending',
      heldReason: '3 links',
    });
  });

  test('links in the website field do not count towards the link limit', () => {
    assert.deepEqual(verdict({ holdLinkCount: 0 }, { website: 'https://ann.example/' }), {
      status: 'approved',
      heldReason: null,
    });
  });
});

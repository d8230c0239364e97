import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanQuery, highlightEnd, highlightStart, maxQueryLength, searchWords, splitHighlights, toMatchExpression, toTsQueryParts } from './search-query';

describe('toMatchExpression', () => {
  test('quotes every word, requires them all and lets the last begin a longer word', () => {
    assert.equal(toMatchExpression('ukraine security'), '"ukraine" "security"*');
    assert.equal(toMatchExpression('  Starmer  '), '"Starmer"*');
  });

  test('a short last word is matched whole: "of*" would match half the index', () => {
    assert.equal(toMatchExpression('bank of'), '"bank" "of"');
    assert.equal(toMatchExpression("don't"), '"don\'t"');
  });

  test('FTS5 syntax becomes words inside quotes; a quote is doubled', () => {
    assert.equal(toMatchExpression('a OR b'), '"a" "OR" "b"');
    assert.equal(toMatchExpression('NEAR(x y)'), '"NEAR(x" "y)"');
    assert.equal(toMatchExpression('headline:quokka'), '"headline:quokka"*');
    assert.equal(toMatchExpression('say "hello'), '"say" """hello"*');
    assert.equal(toMatchExpression('x*'), '"x*"');
  });

  test('nothing to search: empty, spaces, punctuation, control and marker characters', () => {
    for (const input of [undefined, '', '   ', '"', '*', '()', '— -', '\u0000\u0007', `${highlightStart}${highlightEnd}`]) {
      assert.equal(toMatchExpression(input), null, JSON.stringify(input));
    }
  });

  test('at most eight words of a query at most 200 characters long', () => {
    assert.equal(searchWords('one two three four five six seven eight nine ten').length, 8);
    assert.equal(cleanQuery('x'.repeat(1000)).length, maxQueryLength);
    assert.equal(cleanQuery(' tabs\tand\nnew\u0000lines '), 'tabs and new lines');
  });
});

describe('splitHighlights', () => {
  test('cuts a snippet into plain and highlighted parts', () => {
    assert.deepEqual(splitHighlights(`…the ${highlightStart}quokka${highlightEnd} colony on the ${highlightStart}island${highlightEnd}…`), [
      { text: '…the ', highlighted: false },
      { text: 'quokka', highlighted: true },
      { text: ' colony on the ', highlighted: false },
      { text: 'island', highlighted: true },
      { text: '…', highlighted: false },
    ]);
  });

  test('markup in the text stays text', () => {
    assert.deepEqual(splitHighlights(`<b>${highlightStart}x${highlightEnd}</b>`), [
      { text: '<b>', highlighted: false },
      { text: 'x', highlighted: true },
      { text: '</b>', highlighted: false },
    ]);
  });

  test('unbalanced marks never lose text', () => {
    assert.deepEqual(splitHighlights(`a${highlightEnd}b${highlightStart}c`), [
      { text: 'ab', highlighted: false },
      { text: 'c', highlighted: true },
    ]);
    assert.deepEqual(splitHighlights(''), []);
  });
});

describe('toTsQueryParts', () => {
  test('the same words as toMatchExpression, for PostgreSQL: all required, the last a prefix', () => {
    assert.deepEqual(toTsQueryParts('ukraine security'), { phrases: ['ukraine'], prefix: 'security' });
    assert.deepEqual(toTsQueryParts('bank of'), { phrases: ['bank', 'of'], prefix: null });
    assert.deepEqual(toTsQueryParts("don't"), { phrases: ["don't"], prefix: null });
    assert.deepEqual(toTsQueryParts('(quokka)'), { phrases: [], prefix: 'quokka' });
  });

  test('the prefix holds letters and digits only: nothing a reader types reaches to_tsquery as an operator', () => {
    assert.deepEqual(toTsQueryParts('a | b:* !c'), { phrases: ['a', 'b:*', '!c'], prefix: null });
    assert.deepEqual(toTsQueryParts('x <->quokka:*'), { phrases: ['x'], prefix: 'quokka' });
    assert.equal(toTsQueryParts('*** () —'), null);
  });
});

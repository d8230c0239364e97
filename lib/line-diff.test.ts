import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffLines } from './line-diff';

test('unchanged text is all kept', () => {
  assert.deepEqual(diffLines('a\nb', 'a\nb'), [
    { kind: 'same', text: 'a' },
    { kind: 'same', text: 'b' },
  ]);
});

test('a changed line is removed then added; the rest is kept', () => {
  assert.deepEqual(diffLines('one\ntwo\nthree', 'one\n2\nthree\nfour'), [
    { kind: 'same', text: 'one' },
    { kind: 'removed', text: 'two' },
    { kind: 'added', text: '2' },
    { kind: 'same', text: 'three' },
    { kind: 'added', text: 'four' },
  ]);
});

test('from and to nothing', () => {
  assert.deepEqual(diffLines('', 'x'), [{ kind: 'added', text: 'x' }]);
  assert.deepEqual(diffLines('x', ''), [{ kind: 'removed', text: 'x' }]);
  assert.deepEqual(diffLines('', ''), []);
});

test('a moved line shows as removed in one place and added in another', () => {
  const diff = diffLines('a\nb\nc', 'b\nc\na');
  assert.equal(diff.filter((line) => line.kind === 'same').length, 2);
  assert.deepEqual(
    diff.filter((line) => line.kind !== 'same'),
    [
      { kind: 'removed', text: 'a' },
      { kind: 'added', text: 'a' },
    ],
  );
});

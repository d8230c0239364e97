import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityTag, httpDate, isNotModified } from './http-validators';

test('the entity tag follows the bytes', () => {
  assert.equal(entityTag('a'), entityTag('a'));
  assert.notEqual(entityTag('a'), entityTag('b'));
  assert.match(entityTag('a'), /^"[\w-]{27}"$/);
});

test('304 when If-None-Match names the tag (weak or strong, or *), whatever If-Modified-Since says', () => {
  const current = { etag: '"abc"', lastModified: httpDate(Date.parse('2030-01-02T12:00:00Z')) };
  assert.ok(isNotModified({ ifNoneMatch: '"abc"' }, current));
  assert.ok(isNotModified({ ifNoneMatch: 'W/"abc"' }, current));
  assert.ok(isNotModified({ ifNoneMatch: '"x", "abc"' }, current));
  assert.ok(isNotModified({ ifNoneMatch: '*' }, current));
  assert.ok(!isNotModified({ ifNoneMatch: '"old"', ifModifiedSince: 'Fri, 01 Jan 2100 00:00:00 GMT' }, current));
});

test('without If-None-Match, 304 when not modified since the date given', () => {
  const current = { etag: '"abc"', lastModified: 'Wed, 02 Jan 2030 12:00:00 GMT' };
  assert.ok(isNotModified({ ifModifiedSince: 'Wed, 02 Jan 2030 12:00:00 GMT' }, current));
  assert.ok(isNotModified({ ifModifiedSince: 'Wed, 02 Jan 2030 13:00:00 GMT' }, current));
  assert.ok(!isNotModified({ ifModifiedSince: 'Wed, 02 Jan 2030 11:59:59 GMT' }, current));
  assert.ok(!isNotModified({ ifModifiedSince: 'not a date' }, current));
  assert.ok(!isNotModified({}, current));
});

test('an HTTP date has whole seconds', () => {
  assert.equal(httpDate(Date.parse('2030-01-02T12:00:00.999Z')), 'Wed, 02 Jan 2030 12:00:00 GMT');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyLimitFor, defaultBodyLimit } from './body-limit';

test('64 KB everywhere; the image upload route, which judges its own size, is let through', () => {
  assert.equal(bodyLimitFor('POST', '/articles/a-slug'), defaultBodyLimit);
  assert.equal(bodyLimitFor('POST', '/admin/images'), defaultBodyLimit);
  assert.equal(bodyLimitFor('POST', '/api/images/'), defaultBodyLimit);
  assert.equal(bodyLimitFor('POST', '/api/imagesX'), defaultBodyLimit);
  assert.equal(bodyLimitFor('PUT', '/api/images'), defaultBodyLimit);
  assert.equal(bodyLimitFor(undefined, undefined), defaultBodyLimit);
  assert.equal(bodyLimitFor('POST', '/api/images'), Number.POSITIVE_INFINITY);
  assert.equal(bodyLimitFor('POST', '/api/images?from=editor'), Number.POSITIVE_INFINITY);
});

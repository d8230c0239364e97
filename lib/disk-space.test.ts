import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { diskSpaceProblem, freeBytes, minimumFreeBytes } from './disk-space';

test('a nearly full disk is a plain problem; enough room is none', () => {
  assert.equal(diskSpaceProblem('/srv/data', minimumFreeBytes), null);
  assert.equal(
    diskSpaceProblem('/srv/data', 12 * 1024 * 1024),
    'only 12 MB are free on the disk of /srv/data; Margin needs at least 100 MB to store comments safely. Free some space.',
  );
});

test('a data folder not made yet is measured on the disk that will hold it', () => {
  assert.ok(freeBytes(path.join(os.tmpdir(), 'not-made-yet', 'data')) > 0);
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { advisoryFloors, compareVersions } from './versions';

function installedVersion(name: string): string {
  const file = path.join(process.cwd(), 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

describe('version comparison', () => {
  test('compares numerically, not as strings', () => {
    assert.ok(compareVersions('16.10.0', '16.4.0') > 0);
    assert.ok(compareVersions('16.4.10', '16.4.9') > 0);
    assert.ok(compareVersions('9.0.0', '16.4.0') < 0);
    assert.ok(compareVersions('19.3.0', '19.3.0') === 0);
    assert.ok(compareVersions('16.4.0-canary.3', '16.4.0') < 0);
    assert.ok(compareVersions('17.0.0', '16.4.0') > 0);
  });
});

describe('installed framework versions are at or above the advisory floors', () => {
  for (const [name, floor] of Object.entries(advisoryFloors)) {
    test(`${name} >= ${floor}`, () => {
      const version = installedVersion(name);
      assert.ok(compareVersions(version, floor) >= 0, `${name} ${version} is below ${floor}: upgrade it`);
    });
  }
});

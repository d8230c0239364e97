import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

// Older lines carry published remote-code-execution and auth-bypass advisories.
const floors = { next: '16.4.0', react: '19.3.0', 'react-dom': '19.3.0' } as const;

type Version = { numbers: [number, number, number]; prerelease: string | null };

function parseVersion(value: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(value.trim());
  assert.ok(match, `"${value}" is not a version`);
  return { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4] ?? null };
}

/** Negative when a < b. A prerelease sorts before its release (16.4.0-canary.1 < 16.4.0). */
function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    const diff = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (x.prerelease === y.prerelease) return 0;
  if (x.prerelease === null) return 1;
  if (y.prerelease === null) return -1;
  return x.prerelease < y.prerelease ? -1 : 1;
}

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
  for (const [name, floor] of Object.entries(floors)) {
    test(`${name} >= ${floor}`, () => {
      const version = installedVersion(name);
      assert.ok(compareVersions(version, floor) >= 0, `${name} ${version} is below ${floor}: upgrade it`);
    });
  }
});

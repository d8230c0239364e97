import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { buildInputs, buildIsFresh, newestInputTime, notBuildInputs, withBuildLock } from './build';
import { spawn } from 'node:child_process';

const repository = path.resolve(import.meta.dirname, '..');

describe('build freshness', () => {
  test('every entry at the top of the repository is named: a build input or not', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: repository, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => file.split('/')[0]!);
    const named = new Set<string>([...buildInputs, ...Object.keys(notBuildInputs)]);
    const unnamed = [...new Set(tracked)].filter((entry) => !named.has(entry));
    assert.deepEqual(unnamed, [], 'add these to buildInputs or notBuildInputs in server/build.ts');
    for (const entry of buildInputs) assert.ok(!(entry in notBuildInputs), entry);
  });

  test('the app, its imports and its settings are inputs', () => {
    const inputs: readonly string[] = buildInputs;
    for (const entry of ['app', 'components', 'db', 'lib', 'server', 'auth.ts', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json', '.env']) {
      assert.ok(inputs.includes(entry), entry);
    }
  });

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-build-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Creates or changes a file at a given time; the folders above it get that time too. */
  function touch(file: string, seconds: number) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (!fs.existsSync(full)) fs.writeFileSync(full, '');
    fs.utimesSync(full, seconds, seconds);
    for (let folder = path.dirname(full); folder !== root; folder = path.dirname(folder)) fs.utimesSync(folder, seconds, seconds);
  }

  test('a build is stale when any input, deep in a folder or at the top, is newer than it', () => {
    for (const entry of buildInputs) touch(entry.includes('.') ? entry : `${entry}/x.ts`, 1_000);
    assert.equal(buildIsFresh(root), false, 'no build yet');
    touch('.next/BUILD_ID', 2_000);
    assert.equal(buildIsFresh(root), true);
    assert.equal(newestInputTime(root), 1_000_000);

    for (const [index, entry] of buildInputs.entries()) {
      const file = entry.includes('.') ? entry : `${entry}/deep/er/y.tsx`;
      touch(file, 3_000 + index);
      assert.equal(buildIsFresh(root), false, `${file} changed`);
      touch('.next/BUILD_ID', 3_000 + index);
      assert.equal(buildIsFresh(root), true);
    }
  });

  test('a change outside the inputs leaves the build fresh; a deleted input file does not', () => {
    touch('.next/BUILD_ID', 10_000);
    touch('e2e/new.spec.ts', 11_000);
    touch('README.md', 11_000);
    assert.equal(buildIsFresh(root), true);
    touch('lib/gone.ts', 9_000);
    fs.utimesSync(path.join(root, 'lib'), 9_000, 9_000);
    touch('.next/BUILD_ID', 10_000);
    fs.rmSync(path.join(root, 'lib/gone.ts'));
    assert.equal(buildIsFresh(root), false, 'the folder changed when the file went');
  });
});

describe('one build at a time', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-build-lock-'));
  const lock = path.join(root, 'node_modules', '.cache', 'margin', 'build.lock');
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a server finds another building: it waits until that one is done, then builds; the lock goes after', () => {
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    // The other server: a live process that ends its build (removes its lock) a second from now.
    const builder = spawn('sh', ['-c', `sleep 1; rm -f '${lock}'`]);
    fs.writeFileSync(lock, String(builder.pid));
    const log = console.log;
    const said: string[] = [];
    console.log = (line: string) => said.push(line);
    const started = Date.now();
    try {
      assert.equal(withBuildLock(root, () => fs.existsSync(lock) && fs.readFileSync(lock, 'utf8') === String(process.pid), 50), true);
    } finally {
      console.log = log;
    }
    assert.ok(Date.now() - started >= 500, 'it waited for the other build');
    assert.deepEqual(said, ['margin: another server is building the site; waiting for it…']);
    assert.equal(fs.existsSync(lock), false);
  });

  test('a lock left by a process that died is taken over at once, and released when the build throws', () => {
    fs.writeFileSync(lock, '999999999');
    assert.throws(() => withBuildLock(root, () => { throw new Error('build failed'); }), /build failed/);
    assert.equal(fs.existsSync(lock), false);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { forgetPagesOfAnotherDatabase } from './route-cache';

describe("Next's route cache across restarts", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-route-cache-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const build = path.join(root, '.next');
  const page = path.join(build, 'server', 'route-cache', 'app', 'x', '$articles', 'a.html');
  const database = (name: string) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, '');
    return sqliteFile(name);
  };
  const sqliteFile = (name: string) => ({ kind: 'sqlite' as const, path: path.join(root, name) });
  const postgres = (url: string) => ({ kind: 'postgres' as const, url });
  const renderPage = () => {
    fs.mkdirSync(path.dirname(page), { recursive: true });
    fs.writeFileSync(page, '<p>a page</p>');
  };

  test('kept for the same database, emptied for another, a new or a missing one', () => {
    const first = database('first.db');
    assert.equal(forgetPagesOfAnotherDatabase(build, first), true, 'no marker yet');
    renderPage();
    assert.equal(forgetPagesOfAnotherDatabase(build, first), false);
    assert.ok(fs.existsSync(page), 'the same database keeps its pages');

    assert.equal(forgetPagesOfAnotherDatabase(build, database('second.db')), true);
    assert.equal(fs.existsSync(page), false, 'another database does not see them');

    renderPage();
    fs.rmSync(path.join(root, 'second.db'));
    assert.equal(forgetPagesOfAnotherDatabase(build, sqliteFile('second.db')), true);
    assert.equal(fs.existsSync(page), false, 'a database made anew at the same path does not see them');
  });

  test('PostgreSQL: kept for the same address whatever its password, emptied for another', () => {
    assert.equal(forgetPagesOfAnotherDatabase(build, postgres('postgres://margin:one@db.example/news')), true);
    renderPage();
    assert.equal(forgetPagesOfAnotherDatabase(build, postgres('postgres://margin:two@db.example/news')), false);
    assert.ok(fs.existsSync(page));
    assert.equal(fs.readFileSync(path.join(build, 'server', 'route-cache.database'), 'utf8').includes('one'), false, 'no password on disk');
    assert.equal(forgetPagesOfAnotherDatabase(build, postgres('postgres://margin:two@db.example/other')), true);
    assert.equal(fs.existsSync(page), false);
  });
});

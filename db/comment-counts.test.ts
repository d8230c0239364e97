import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from './connection';

test('the queue counts kept by triggers always equal real counts', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-counts-'));
  const { sqlite } = openDatabase(path.join(folder, 'margin.db'));
  try {
    const articleId = (sqlite.prepare('select id from articles limit 1').get() as { id: number }).id;
    const insert = sqlite.prepare(
      `insert into comments (article_id, author_name, author_email, avatar_key, body, status, flagged)
       values (?, 'A', 'a@example.com', '0000000000000000', ?, ?, ?)`,
    );
    const statuses = ['pending', 'approved', 'spam', 'trash'] as const;
    for (let i = 0; i < 60; i++) insert.run(articleId, `comment ${i}`, statuses[i % 4], i % 7 === 0 ? 1 : 0);
    sqlite.prepare("update comments set status = 'approved' where id % 5 = 0").run();
    sqlite.prepare('update comments set flagged = 1 - flagged where id % 3 = 0').run();
    sqlite.prepare("update comments set status = status where id % 2 = 0").run();
    sqlite.prepare('delete from comments where id % 11 = 0').run();

    const kept = Object.fromEntries(
      (sqlite.prepare('select tab, n from comment_counts').all() as { tab: string; n: number }[]).map((r) => [r.tab, r.n]),
    );
    const real = Object.fromEntries(
      statuses.map((status) => [
        status,
        (sqlite.prepare('select count(*) as n from comments where status = ?').get(status) as { n: number }).n,
      ]),
    );
    real.reported = (sqlite.prepare('select count(*) as n from comments where flagged = 1').get() as { n: number }).n;
    assert.deepEqual(kept, real);
  } finally {
    sqlite.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

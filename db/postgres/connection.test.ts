import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { launchArticle } from '../seed';
import { openPostgres } from './connection';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-cluster';

// The PostgreSQL pool the data layer opens: its first queries wait for the migrations and the
// launch article, however many pools start on a new database at once (servers starting together).
// No PostgreSQL here is a failure, never a skip, as in schema.test.ts.

let cluster: ThrowawayPostgres | undefined;

before(async () => {
  cluster = await startThrowawayPostgres();
});

after(async () => {
  await cluster?.stop();
});

test('three pools on a new database: every first query waits for one migration and one launch article', async () => {
  const pools = [0, 1, 2].map(() => openPostgres(cluster!.url, 2).pool);
  const launch = 'select count(*)::int as n from articles where slug = $1';
  try {
    // pool.query (what drizzle's plain queries use) and pool.connect() (its transactions) both wait.
    const [first, second, third] = await Promise.all([
      pools[0]!.query<{ n: number }>(launch, [launchArticle.slug]),
      pools[1]!.query<{ n: number }>(launch, [launchArticle.slug]),
      pools[2]!.connect().then(async (client) => {
        try {
          return await client.query<{ n: number }>(launch, [launchArticle.slug]);
        } finally {
          client.release();
        }
      }),
    ]);
    assert.deepEqual([first.rows[0]?.n, second.rows[0]?.n, third.rows[0]?.n], [1, 1, 1]);
    const all = await pools[0]!.query<{ n: number }>('select count(*)::int as n from articles');
    assert.equal(all.rows[0]?.n, 1, 'seeded once');
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
});

test('a failed preparation fails the waiting query, and the next query tries again', async () => {
  const url = new URL(cluster!.url);
  url.pathname = '/created_later';
  const { pool } = openPostgres(url.href, 1);
  try {
    await assert.rejects(pool.query('select 1'), /database "created_later" does not exist/);
    const admin = new pg.Client({ connectionString: cluster!.url });
    await admin.connect();
    await admin.query('create database created_later');
    await admin.end();
    const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from settings');
    assert.equal(rows[0]?.n, 0, 'migrated on the second try');
  } finally {
    await pool.end();
  }
});

test('a database a newer Margin migrated is refused, with the message SQLite gives', async () => {
  const { pool } = openPostgres(cluster!.url, 1);
  try {
    await pool.query("insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', 4102444800000)");
  } finally {
    await pool.end();
  }
  const again = openPostgres(cluster!.url, 1);
  try {
    await assert.rejects(again.pool.query('select 1'), /changed by a newer version of Margin .* Start the newer version, or restore a backup/);
  } finally {
    await again.pool.end();
  }
});

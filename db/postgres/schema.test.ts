import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type Column, getTableColumns, type InferInsertModel, type InferSelectModel, is, SQL, Table } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig as getPostgresTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { type Connection, openDatabase } from '../connection';
import * as sqliteSchema from '../sqlite/schema';
import * as postgresSchema from './schema';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-cluster';

// The PostgreSQL schema and migrations against SQLite's, on real servers: the same tables, columns,
// NOT NULLs, indexes and foreign keys; the same queue counts from the triggers; search that ranks a
// headline above a body. No PostgreSQL here is a failure, never a skip: `npm test` installs it.

/** What PostgreSQL has that SQLite keeps elsewhere (articles_fts there). */
const postgresOnly = { columns: ['articles.search'], indexes: ['articles.articles_search_idx'] };

let cluster: ThrowawayPostgres | undefined;
let pool: pg.Pool;
let sqlite: Connection['sqlite'];
let sqliteFolder: string;

before(async () => {
  sqliteFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-parity-'));
  sqlite = openDatabase(path.join(sqliteFolder, 'margin.db')).sqlite;
  cluster = await startThrowawayPostgres();
  pool = new pg.Pool({ connectionString: cluster.url, max: 2 });
  await migrate(drizzle({ client: pool }), {
    migrationsFolder: path.join(process.cwd(), 'db', 'migrations-postgres'),
  });
});

after(async () => {
  await pool?.end();
  await cluster?.stop();
  sqlite?.close();
  if (sqliteFolder) fs.rmSync(sqliteFolder, { recursive: true, force: true });
});

type Shape = {
  columns: Record<string, { notNull: boolean; hasDefault: boolean }>;
  uniqueColumnSets: string[];
  indexes: Record<string, { columns: string; unique: boolean; partial: boolean }>;
  foreignKeys: string[];
};

function sqliteShapes(): Record<string, Shape> {
  const all = <T>(query: string) => sqlite.prepare(query).all() as T[];
  const objects = all<{ name: string; sql: string | null }>("select name, sql from sqlite_schema where type = 'table'");
  const virtual = objects.filter((o) => o.sql?.startsWith('CREATE VIRTUAL TABLE')).map((o) => o.name);
  const tables = objects
    .map((o) => o.name)
    .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('__drizzle'))
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
  const shapes: Record<string, Shape> = {};
  for (const table of tables) {
    const info = all<{ name: string; notnull: number; dflt_value: string | null; pk: number }>(`pragma table_info(${table})`);
    const indexList = all<{ name: string; unique: number; origin: string; partial: number }>(`pragma index_list(${table})`);
    const indexColumns = (name: string) => all<{ name: string }>(`pragma index_info(${name})`).map((c) => c.name);
    const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    shapes[table] = {
      columns: Object.fromEntries(info.map((c) => [c.name, { notNull: c.notnull === 1, hasDefault: c.dflt_value !== null }])),
      uniqueColumnSets: columnSets([primaryKey, ...indexList.filter((i) => i.unique).map((i) => indexColumns(i.name))]),
      indexes: Object.fromEntries(
        indexList
          .filter((i) => i.origin !== 'pk')
          .map((i) => [i.name, { columns: indexColumns(i.name).join(','), unique: i.unique === 1, partial: i.partial === 1 }]),
      ),
      foreignKeys: all<{ table: string; from: string; to: string; on_delete: string }>(`pragma foreign_key_list(${table})`)
        .map((k) => `${k.from} -> ${k.table}.${k.to} on delete ${k.on_delete.toLowerCase()}`)
        .sort(),
    };
  }
  return shapes;
}

async function postgresShapes(): Promise<Record<string, Shape>> {
  const rows = async <T>(query: string) => (await pool.query(query)).rows as T[];
  const tables = await rows<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const columns = await rows<{ table: string; name: string; notNull: boolean; hasDefault: boolean }>(`
    select table_name as table, column_name as name, is_nullable = 'NO' as "notNull",
      column_default is not null or is_generated = 'ALWAYS' as "hasDefault"
    from information_schema.columns where table_schema = 'public'`);
  const indexes = await rows<{ table: string; name: string; columns: string; unique: boolean; partial: boolean; primary: boolean }>(`
    select t.relname as table, i.relname as name, x.indisunique as unique, x.indpred is not null as partial,
      x.indisprimary as primary,
      (select string_agg(a.attname, ',' order by k.n) from unnest(x.indkey) with ordinality as k(attnum, n)
        join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum) as columns
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    join pg_namespace s on s.oid = t.relnamespace where s.nspname = 'public'`);
  const foreignKeys = await rows<{ table: string; key: string }>(`
    select t.relname as table,
      a.attname || ' -> ' || r.relname || '.' || ra.attname || ' on delete ' ||
        case c.confdeltype when 'a' then 'no action' when 'r' then 'restrict' when 'c' then 'cascade'
          when 'n' then 'set null' when 'd' then 'set default' end as key
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[1]
    join pg_namespace s on s.oid = t.relnamespace where c.contype = 'f' and s.nspname = 'public'`);
  const shapes: Record<string, Shape> = {};
  for (const { name: table } of tables) {
    const own = indexes.filter((i) => i.table === table);
    shapes[table] = {
      columns: Object.fromEntries(
        columns
          .filter((c) => c.table === table && !postgresOnly.columns.includes(`${table}.${c.name}`))
          .map((c) => [c.name, { notNull: c.notNull, hasDefault: c.hasDefault }]),
      ),
      uniqueColumnSets: columnSets(own.filter((i) => i.unique).map((i) => i.columns.split(','))),
      indexes: Object.fromEntries(
        own
          .filter((i) => !i.primary && !postgresOnly.indexes.includes(`${table}.${i.name}`))
          .map((i) => [i.name, { columns: i.columns, unique: i.unique, partial: i.partial }]),
      ),
      foreignKeys: foreignKeys.filter((k) => k.table === table).map((k) => k.key).sort(),
    };
  }
  return shapes;
}

function columnSets(sets: string[][]): string[] {
  return [...new Set(sets.filter((set) => set.length > 0).map((set) => [...set].sort().join(',')))].sort();
}

test('PostgreSQL has every SQLite table, with the same columns, NOT NULLs, defaults, indexes and foreign keys', async () => {
  const expected = sqliteShapes();
  const actual = await postgresShapes();
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), 'the same tables');
  for (const table of Object.keys(expected)) {
    assert.deepEqual(actual[table], expected[table], `table ${table}`);
  }
  for (const [table, column] of postgresOnly.columns.map((name) => name.split('.'))) {
    assert.ok(expected[table!] && !(column! in expected[table!]!.columns), `${table}.${column} is PostgreSQL's own`);
  }
});

type Sqlite = typeof sqliteSchema;
type Postgres = typeof postgresSchema;
type TableNames<S> = { [K in keyof S]: S[K] extends Table ? K : never }[keyof S];
type Rows<T> = T extends Table ? [read: InferSelectModel<T>, written: InferInsertModel<T>] : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type RowsDiffer = {
  [K in TableNames<Sqlite> & TableNames<Postgres>]: Same<Rows<Sqlite[K]>, Rows<Postgres[K]>> extends true ? never : K;
}[TableNames<Sqlite> & TableNames<Postgres>];

/** Compiles only while T is never: `tsc` then names the tables at fault. */
function noneOf<T extends never>(...none: T[]): void {
  assert.equal(none.length, 0);
}

test('the two drizzle schemas export the same names, properties, SQL names, types and literal defaults', () => {
  // Checked by `tsc`: the same tables, and a row read or written through either has the same type.
  noneOf<Exclude<TableNames<Sqlite>, TableNames<Postgres>> | Exclude<TableNames<Postgres>, TableNames<Sqlite>>>();
  noneOf<RowsDiffer>();
  assert.deepEqual(Object.keys(postgresSchema).sort(), Object.keys(sqliteSchema).sort(), 'the same exports');
  assert.deepEqual(postgresSchema.reportReasons, sqliteSchema.reportReasons);
  assert.deepEqual(postgresSchema.banKinds, sqliteSchema.banKinds);
  const describe = (columns: Record<string, Column>) =>
    Object.fromEntries(
      Object.entries(columns).map(([property, c]) => [
        property,
        {
          name: c.name,
          dataType: c.dataType,
          notNull: c.notNull,
          hasDefault: c.hasDefault,
          primary: c.primary,
          default: is(c.default, SQL) ? 'sql' : c.default,
          enumValues: c.enumValues,
        },
      ]),
    );
  for (const [name, table] of Object.entries(sqliteSchema)) {
    if (!is(table, SQLiteTable)) continue;
    const twin = postgresSchema[name as keyof typeof postgresSchema];
    assert.ok(is(twin, PgTable), `${name} is a table in both`);
    assert.equal(getPostgresTableConfig(twin).name, getSqliteTableConfig(table).name, `${name}: the same SQL name`);
    assert.deepEqual(
      describe(getTableColumns(twin as Table)),
      describe(getTableColumns(table)),
      `${name}: the same columns`,
    );
  }
});

type Counts = Record<string, number>;

function sqliteCounts(): { kept: Counts; real: Counts } {
  const counts = (query: string) =>
    Object.fromEntries((sqlite.prepare(query).all() as { tab: string; n: number }[]).map((r) => [r.tab, r.n]));
  return { kept: counts('select tab, n from comment_counts'), real: counts(realCounts) };
}

async function postgresCounts(): Promise<{ kept: Counts; real: Counts }> {
  const counts = async (query: string) =>
    Object.fromEntries((await pool.query<{ tab: string; n: number }>(query)).rows.map((r) => [r.tab, Number(r.n)]));
  return { kept: await counts('select tab, n from comment_counts'), real: await counts(realCounts) };
}

const realCounts = `
  select tabs.tab, (select count(*) from comments c
    where (tabs.tab = 'reported' and c.flagged = true) or c.status = tabs.tab) as n
  from comment_counts tabs`;

// Valid in both dialects (SQLite reads true and false as 1 and 0), but for a time: `{now}`. Ids start
// at 1 in both.
const commentSequence: [step: string, sql: string][] = [
  ['an article', "insert into articles (slug, headline, standfirst, body, published_at) values ('counts', 'Counts', 'S', '[]', {now})"],
  [
    'sixty comments in one statement',
    `with recursive i(n) as (select 0 union all select n + 1 from i where n < 59)
     insert into comments (article_id, author_name, author_email, avatar_key, body, status, flagged)
     select (select id from articles where slug = 'counts'), 'A', 'a@example.com', 'k', 'comment',
       case n % 4 when 0 then 'pending' when 1 then 'approved' when 2 then 'spam' else 'trash' end, n % 7 = 0
     from i`,
  ],
  [
    'one flagged comment',
    `insert into comments (article_id, author_name, author_email, avatar_key, body, status, flagged)
     values ((select id from articles where slug = 'counts'), 'B', 'b@example.com', 'k', 'one', 'approved', true)`,
  ],
  ['a status change', "update comments set status = 'approved' where id % 5 = 0"],
  ['a flag change', 'update comments set flagged = not flagged where id % 3 = 0'],
  ['a change to the same status', 'update comments set status = status where id % 2 = 0'],
  ['status and flag at once', "update comments set status = 'trash', flagged = false where id in (4, 7, 14)"],
  ['an unrelated change', 'update comments set report_count = report_count + 1 where id % 4 = 0'],
  ['replies', 'update comments set parent_id = 1 where id between 2 and 6'],
  ['a deleted parent (its replies set to no parent)', 'delete from comments where id = 1'],
  ['deletes', 'delete from comments where id % 11 = 0'],
  ['a deleted article (its comments cascade)', "delete from articles where slug = 'counts'"],
];

test('the count triggers give PostgreSQL the same queue counts as SQLite, step by step', async () => {
  for (const [step, statement] of commentSequence) {
    sqlite.prepare(statement.replace('{now}', '0')).run();
    await pool.query(statement.replace('{now}', 'now()'));
    const onSqlite = sqliteCounts();
    const onPostgres = await postgresCounts();
    assert.deepEqual(onSqlite.kept, onSqlite.real, `SQLite after ${step}`);
    assert.deepEqual(onPostgres.kept, onPostgres.real, `PostgreSQL after ${step}`);
    assert.deepEqual(onPostgres.kept, onSqlite.kept, `the same counts after ${step}`);
  }
  assert.ok(Object.values(sqliteCounts().kept).every((n) => n === 0), 'everything counted was deleted');
});

const searchArticles: [slug: string, headline: string, standfirst: string, bodyText: string][] = [
  ['in-the-body', 'Talks resume in Geneva', 'Delegations meet again', 'The talks on Ukraine resumed on Monday.'],
  ['in-the-headline', 'Ukraine talks resume', 'Delegations meet again', 'The talks resumed on Monday.'],
  ['nowhere', 'Markets rise', 'Shares up in Zürich and at the Café de Flore', 'Nothing about it here.'],
];

test('search finds a word in either database, the headline ranked above the body, accents and prefixes alike', async () => {
  for (const [slug, headline, standfirst, bodyText] of searchArticles) {
    const values = [slug, headline, standfirst, bodyText];
    sqlite
      .prepare("insert into articles (slug, headline, standfirst, body, body_text, published_at) values (?, ?, ?, '[]', ?, 0)")
      .run(...values);
    await pool.query(
      "insert into articles (slug, headline, standfirst, body, body_text, published_at) values ($1, $2, $3, '[]', $4, now())",
      values,
    );
  }
  // The SQLite database also holds the launch article.
  const ours = (slug: string) => searchArticles.some(([own]) => own === slug);
  // FTS5 as db/queries/search.ts asks it (bm25 10, 4, 1); PostgreSQL with the same proportions.
  const onSqlite = (match: string) =>
    (
      sqlite
        .prepare(
          `select a.slug from articles_fts join articles a on a.id = articles_fts.rowid
           where articles_fts match ? order by bm25(articles_fts, 10.0, 4.0, 1.0), a.id`,
        )
        .all(match) as { slug: string }[]
    )
      .map((r) => r.slug)
      .filter(ours);
  const onPostgres = async (query: string) =>
    (
      await pool.query<{ slug: string }>(
        `select slug from articles, to_tsquery('margin_search', $1) as q
         where search @@ q order by ts_rank('{0, 0.1, 0.4, 1.0}', search, q) desc, id`,
        [query],
      )
    ).rows
      .map((r) => r.slug)
      .filter(ours);

  assert.deepEqual(onSqlite('"ukraine"'), ['in-the-headline', 'in-the-body']);
  assert.deepEqual(await onPostgres('ukraine'), ['in-the-headline', 'in-the-body']);
  assert.deepEqual(onSqlite('"ukrain"*'), ['in-the-headline', 'in-the-body']);
  assert.deepEqual(await onPostgres('ukrain:*'), ['in-the-headline', 'in-the-body']);
  assert.deepEqual(onSqlite('"cafe" "zurich"'), ['nowhere']);
  assert.deepEqual(await onPostgres('CAFÉ & zurich'), ['nowhere']);
  assert.deepEqual(await onPostgres('geneva'), ['in-the-body']);

  await pool.query("update articles set headline = 'Talks resume' where slug = 'in-the-headline'");
  assert.deepEqual(await onPostgres('ukraine'), ['in-the-body'], 'a changed headline is searched as it is now');
  const client = await pool.connect();
  try {
    await client.query('set enable_seqscan = off');
    const plan = await client.query("explain select id from articles where search @@ to_tsquery('margin_search', 'ukraine')");
    assert.match(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'), /articles_search_idx/);
  } finally {
    client.release();
  }
});

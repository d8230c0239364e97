import fs from 'node:fs';
import Database from 'better-sqlite3';
import { type Column, getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { newestKnownMigration } from './connection';
import { migratePostgres, withMigrationLock } from './postgres/migrate';
import * as postgresSchema from './postgres/schema';
import * as sqliteSchema from './sqlite/schema';

// `npm run db:copy` (scripts/db-copy.ts): a whole site from its SQLite file into a new PostgreSQL
// database, in one transaction, so that a copy that stops leaves the target empty and can be run again.
// Each value goes through the columns of both schemas, as drizzle's queries do: db/schema.ts's turns
// SQLite's integers into Dates and booleans, db/postgres/schema.ts's turns those into what PostgreSQL
// takes, so no conversion is written twice. The rows go in by plain parameterised INSERTs rather than
// drizzle's insert(): building a 1,000-row insert took drizzle 175 ms, most of the copy's time.

export class CopyError extends Error {
  override name = 'CopyError';
}

/** The copy ran, but PostgreSQL does not hold what SQLite does: nothing was kept. */
export class CopyCheckError extends CopyError {
  constructor(
    message: string,
    readonly report: CopyReport,
  ) {
    super(message);
  }
}

export type CopyReport = {
  tables: { table: string; sqlite: number; postgres: number }[];
  /** The queue counts, which PostgreSQL's triggers made while the comments went in. */
  commentCounts: { tab: string; sqlite: number; postgres: number }[];
  rows: number;
  seconds: number;
};

/** Called once per table as it starts (e.g. scripts/bench/ui.ts's progress). */
export type Progress = (table: string, total: number) => { update(done: number): void; done(): void };

export type CopyOptions = {
  /** The SQLite file, opened read-only. */
  from: string;
  /** A postgres:// URL of an empty (or new, not yet migrated) database. */
  to: string;
  progress?: Progress;
  batchRows?: number;
};

type ColumnPair = { property: string; sqlite: Column; postgres: Column };
export type TablePair = { name: string; sqlite: SQLiteTable; postgres: PgTable; columns: ColumnPair[] };

/** Kept by PostgreSQL's triggers as the comments are inserted (db/migrations-postgres/0001), then compared. */
const countedByTriggers = 'comment_counts';
/** A batch's text, at most: a thousand long articles need not sit in memory at once. */
const maxBatchCharacters = 8_000_000;
/** PostgreSQL takes at most 65,535 parameters in one statement. */
const maxParameters = 65_535;

/**
 * The tables of db/schema.ts beside those of db/postgres/schema.ts, parents before children. Every
 * column is read by its property from both, so a column added to one schema and not the other stops
 * the copy here rather than being left behind.
 */
export function pairTables(
  sqliteTables: Record<string, unknown> = sqliteSchema,
  postgresTables: Record<string, unknown> = postgresSchema,
): TablePair[] {
  const postgresByKey = new Map(
    Object.entries(postgresTables).filter((entry): entry is [string, PgTable] => is(entry[1], PgTable)),
  );
  const sqliteEntries = Object.entries(sqliteTables).filter((entry): entry is [string, SQLiteTable] =>
    is(entry[1], SQLiteTable),
  );
  const problems = [...postgresByKey.keys()]
    .filter((key) => !sqliteEntries.some(([sqliteKey]) => sqliteKey === key))
    .map((key) => `${key} is only in db/postgres/schema.ts`);
  const pairs: TablePair[] = [];
  for (const [key, sqliteTable] of sqliteEntries) {
    const name = getTableName(sqliteTable);
    const postgresTable = postgresByKey.get(key);
    if (!postgresTable) {
      problems.push(`${name} is only in db/schema.ts`);
      continue;
    }
    if (getTableName(postgresTable) !== name) problems.push(`${key} is ${name} in SQLite, ${getTableName(postgresTable)} in PostgreSQL`);
    const sqliteColumns = getTableColumns(sqliteTable);
    const postgresColumns = getTableColumns(postgresTable);
    for (const property of new Set([...Object.keys(sqliteColumns), ...Object.keys(postgresColumns)])) {
      const a = sqliteColumns[property];
      const b = postgresColumns[property];
      if (!a || !b) problems.push(`${name}.${property} is only in ${a ? 'db/schema.ts' : 'db/postgres/schema.ts'}`);
      else if (a.name !== b.name || a.dataType !== b.dataType) {
        problems.push(`${name}.${property} is ${a.name} (${a.dataType}) in SQLite but ${b.name} (${b.dataType}) in PostgreSQL`);
      }
    }
    const columns = Object.keys(sqliteColumns).map((property) => ({
      property,
      sqlite: sqliteColumns[property]!,
      postgres: postgresColumns[property]!,
    }));
    pairs.push({ name, sqlite: sqliteTable, postgres: postgresTable, columns });
  }
  if (problems.length > 0) {
    throw new CopyError(`db/schema.ts and db/postgres/schema.ts differ, so a copy would lose data: ${problems.join('; ')}.`);
  }
  return parentsFirst(pairs);
}

function parentsOf(pair: TablePair): string[] {
  return getTableConfig(pair.sqlite)
    .foreignKeys.map((key) => getTableName(key.reference().foreignTable))
    .filter((parent) => parent !== pair.name);
}

function parentsFirst(pairs: TablePair[]): TablePair[] {
  const ordered: TablePair[] = [];
  const placed = new Set<string>();
  while (ordered.length < pairs.length) {
    const next = pairs.find((pair) => !placed.has(pair.name) && parentsOf(pair).every((parent) => placed.has(parent)));
    if (!next) throw new CopyError(`the foreign keys of ${pairs.filter((p) => !placed.has(p.name)).map((p) => p.name).join(', ')} form a cycle.`);
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function openSqlite(file: string): Database.Database {
  if (!fs.existsSync(file)) throw new CopyError(`there is no SQLite database at ${file}.`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CopyError(`cannot open the SQLite database ${file}: ${reason(error)}.`, { cause: error });
  }
  try {
    sqlite.pragma('busy_timeout = 5000');
    // One read transaction for the whole copy: every table is read from the same moment, even while
    // servers keep writing to the file.
    sqlite.exec('begin');
    const journal = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!journal) throw new CopyError(`${file} is not a Margin database (it has no migrations table).`);
    const applied = Number(sqlite.prepare('select max(created_at) from __drizzle_migrations').pluck().get() ?? 0);
    if (applied !== newestKnownMigration()) {
      throw new CopyError(
        applied < newestKnownMigration()
          ? `${file} was last migrated by an older Margin: start this version on it once (npm start), then copy.`
          : `${file} was changed by a newer version of Margin: copy it with that version.`,
      );
    }
    return sqlite;
  } catch (error) {
    sqlite.close();
    if (error instanceof CopyError) throw error;
    throw new CopyError(`cannot read the SQLite database ${file}: ${reason(error)}.`, { cause: error });
  }
}

/** The innermost message: drizzle wraps the server's in one that lists the query and every value. */
function reason(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) return reason(error.cause);
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}

/** What went wrong reaching PostgreSQL, said plainly (the URL's password is never repeated). */
function connectionProblem(error: unknown, url: string): string {
  let where = 'the given address';
  let user = '';
  let database = '';
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname || 'localhost'}:${parsed.port || 5432}`;
    user = decodeURIComponent(parsed.username);
    database = decodeURIComponent(parsed.pathname.slice(1));
  } catch {
    // pg parses more forms than URL does; keep the general words.
  }
  switch ((error as { code?: string }).code) {
    case 'ECONNREFUSED':
      return `cannot connect to PostgreSQL at ${where}: is it running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot find the PostgreSQL host of ${where}: check the address.`;
    case '28P01':
      return `PostgreSQL at ${where} refused the password of user "${user}": check the user name and password.`;
    case '28000':
      return `PostgreSQL at ${where} does not let user "${user}" in: ${reason(error)}.`;
    case '3D000':
      return `PostgreSQL at ${where} has no database "${database}": create it first (createdb ${database}).`;
    default:
      return `cannot connect to PostgreSQL at ${where}: ${reason(error)}.`;
  }
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  // An error after connecting (the server going away) is reported by the query it fails.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new CopyError(connectionProblem(error, url), { cause: error });
  }
  return client;
}

/** The first Margin table with a row, if any: comment_counts' seeded rows and drizzle's own table do not count. */
async function firstNonEmptyTable(client: pg.Client, pairs: TablePair[]): Promise<{ table: string; rows: number } | undefined> {
  for (const { name } of pairs) {
    if (name === countedByTriggers) continue;
    const { rows } = await client.query<{ any: boolean }>(`select exists (select from ${quote(name)}) as any`);
    if (!rows[0]!.any) continue;
    const counted = await client.query<{ n: number }>(`select count(*)::integer as n from ${quote(name)}`);
    return { table: name, rows: counted.rows[0]!.n };
  }
  return undefined;
}


/** Streams one table out of SQLite into PostgreSQL, in batches; returns how many rows went in. */
async function copyTable(
  sqlite: Database.Database,
  client: pg.Client,
  pair: TablePair,
  total: number,
  batchRows: number,
  progress: Progress | undefined,
): Promise<number> {
  const { columns } = pair;
  const bar = progress?.(pair.name, total);
  const select = sqlite
    .prepare(`select ${columns.map((c) => quote(c.sqlite.name)).join(', ')} from ${quote(pair.name)} order by rowid`)
    .raw(true);
  // A reference to a later row of the same table (a reply stored before its parent) cannot be
  // inserted yet: it goes in as null and is set once the table is in. Ids are the rowid, so "later"
  // is "not smaller".
  const selfReferences = getTableConfig(pair.sqlite)
    .foreignKeys.map((key) => key.reference())
    .filter((reference) => getTableName(reference.foreignTable) === pair.name)
    .map((reference) => ({
      from: columns.findIndex((c) => c.sqlite === reference.columns[0]),
      to: columns.findIndex((c) => c.sqlite === reference.foreignColumns[0]),
    }));
  const later: { from: number; to: number; value: unknown; key: unknown }[] = [];
  const perBatch = Math.min(batchRows, Math.floor(maxParameters / columns.length));
  const insert = insertStatement(pair);
  let parameters: unknown[] = [];
  let characters = 0;
  let done = 0;
  const flush = async () => {
    const rows = parameters.length / columns.length;
    if (rows === 0) return;
    await client.query(insert(rows), parameters);
    done += rows;
    parameters = [];
    characters = 0;
    bar?.update(done);
  };
  for (const values of select.iterate() as IterableIterator<unknown[]>) {
    for (const { from, to } of selfReferences) {
      const value = values[from];
      if (value !== null && (value as number) >= (values[to] as number)) {
        later.push({ from, to, value, key: values[to] });
        values[from] = null;
      }
    }
    for (const [i, column] of columns.entries()) {
      const value = values[i];
      if (typeof value === 'string') characters += value.length;
      parameters.push(
        value === null || value === undefined ? null : column.postgres.mapToDriverValue(column.sqlite.mapFromDriverValue(value)),
      );
    }
    if (parameters.length >= perBatch * columns.length || characters >= maxBatchCharacters) await flush();
  }
  await flush();
  for (const { from, to, value, key } of later) {
    await client.query(
      `update ${quote(pair.name)} set ${quote(columns[from]!.postgres.name)} = $1 where ${quote(columns[to]!.postgres.name)} = $2`,
      [value, key],
    );
  }
  bar?.done();
  return done;
}

/** `insert into … values ($1, …), …` for a number of rows, made once per number. */
function insertStatement(pair: TablePair): (rows: number) => string {
  const names = pair.columns.map((c) => quote(c.postgres.name));
  const made = new Map<number, string>();
  return (rows) => {
    let statement = made.get(rows);
    if (!statement) {
      const tuples = Array.from({ length: rows }, (_, row) => `(${names.map((_, i) => `$${row * names.length + i + 1}`).join(', ')})`);
      statement = `insert into ${quote(pair.name)} (${names.join(', ')}) values ${tuples.join(', ')}`;
      made.set(rows, statement);
    }
    return statement;
  };
}

/** Each identity column starts past the highest id copied, so the site's next row does not collide. */
async function moveIdentities(client: pg.Client, tables: Set<string>): Promise<void> {
  const { rows } = await client.query<{ table: string; column: string }>(`
    select table_name as table, column_name as column from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`);
  for (const { table, column } of rows) {
    if (!tables.has(table)) continue;
    const result = await client.query<{ max: number | null }>(`select max(${quote(column)})::integer as max from ${quote(table)}`);
    const max = result.rows[0]?.max;
    // ALTER … RESTART rather than setval(): it is part of the transaction, so a copy that fails
    // leaves the sequences as they were too.
    if (max !== null && max !== undefined) {
      await client.query(`alter table ${quote(table)} alter column ${quote(column)} restart with ${max + 1}`);
    }
  }
}

const queueCounts = `select tab, n from ${quote(countedByTriggers)}`;
const byTab = (rows: { tab: string; n: number }[]) => new Map(rows.map((row) => [row.tab, Number(row.n)]));

/**
 * Copies the SQLite site at `from` into the PostgreSQL database at `to`: migrates it (under the
 * migration lock, held until the copy ends), refuses one that holds any row, copies every table in
 * one transaction, moves the identities on, and compares the row counts and the queue counts before
 * committing. Throws CopyError with a one-line message for anything the person running it can fix.
 */
export async function copyToPostgres({ from, to, progress, batchRows = 1000 }: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  const pairs = pairTables();
  const sqlite = openSqlite(from);
  try {
    const sqliteCounts = new Map(
      pairs.map((pair) => [pair.name, Number(sqlite.prepare(`select count(*) from ${quote(pair.name)}`).pluck().get())]),
    );
    const sqliteQueue = byTab(sqlite.prepare(queueCounts).all() as { tab: string; n: number }[]);
    const client = await connect(to);
    try {
      return await withMigrationLock(client, async () => {
        await migratePostgres(client);
        const occupied = await firstNonEmptyTable(client, pairs);
        if (occupied) {
          const where = `${client.host}:${client.port}/${client.database}`;
          throw new CopyError(
            `the PostgreSQL database ${where} is not empty: table ${occupied.table} has ${occupied.rows} ` +
              `row${occupied.rows === 1 ? '' : 's'}. Copy into a new, empty database; nothing was written.`,
          );
        }
        const copied = pairs.filter((pair) => pair.name !== countedByTriggers);
        let current = '';
        try {
          await client.query('begin');
          let rows = 0;
          for (const pair of copied) {
            current = pair.name;
            rows += await copyTable(sqlite, client, pair, sqliteCounts.get(pair.name)!, batchRows, progress);
          }
          current = '';
          await moveIdentities(client, new Set(copied.map((pair) => pair.name)));
          const tables = [];
          for (const pair of pairs) {
            const result = await client.query<{ n: number }>(`select count(*)::integer as n from ${quote(pair.name)}`);
            tables.push({ table: pair.name, sqlite: sqliteCounts.get(pair.name)!, postgres: result.rows[0]!.n });
          }
          const postgresQueue = byTab((await client.query<{ tab: string; n: number }>(queueCounts)).rows);
          const tabs = [...new Set([...sqliteQueue.keys(), ...postgresQueue.keys()])].sort();
          const report: CopyReport = {
            tables,
            commentCounts: tabs.map((tab) => ({ tab, sqlite: sqliteQueue.get(tab) ?? 0, postgres: postgresQueue.get(tab) ?? 0 })),
            rows,
            seconds: (performance.now() - started) / 1000,
          };
          const differing = [
            ...report.tables.filter((t) => t.sqlite !== t.postgres).map((t) => t.table),
            ...report.commentCounts.filter((c) => c.sqlite !== c.postgres).map((c) => `comment_counts '${c.tab}'`),
          ];
          if (differing.length > 0) {
            throw new CopyCheckError(
              `PostgreSQL does not hold what SQLite holds (${differing.join(', ')}): the copy was undone, nothing was written.`,
              report,
            );
          }
          await client.query('commit');
          // Fresh statistics, and the search index's pending entries merged: without them the
          // planner reads whole tables until autovacuum comes round. The copy is committed: a
          // failure here only leaves that to autovacuum.
          await client.query('vacuum analyze').catch(() => {});
          return report;
        } catch (error) {
          // A lost connection has rolled back already; the error to report is the first one.
          await client.query('rollback').catch(() => {});
          if (error instanceof CopyError) throw error;
          throw new CopyError(
            `the copy stopped${current ? ` in table ${current}` : ''}: ${reason(error)}. ` +
              'It was undone, nothing was written: once that is fixed, run it again.',
            { cause: error },
          );
        }
      });
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    sqlite.close();
  }
}

import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { readDatabaseSetting } from '../lib/config';
import type { Db } from './handle';

// What differs in SQL between SQLite and PostgreSQL, each in one small helper, so that the queries
// stay one text for both (issue 13). The dialect is chosen once, from DATABASE_URL, like the
// tables in db/schema.ts.

export const databaseKind = readDatabaseSetting().kind;
const onPostgres = databaseKind === 'postgres';

/**
 * A time bound to a placeholder, which skips the column's encoder: SQLite stores milliseconds,
 * PostgreSQL a timestamp (node-postgres sends a Date as one).
 */
export function storedTime(ms: number): number | Date;
export function storedTime(ms: number | null): number | Date | null;
export function storedTime(ms: number | null): number | Date | null {
  if (ms === null) return null;
  return onPostgres ? new Date(ms) : ms;
}

/** The value for `.limit(placeholder)` that means no limit: SQLite -1, PostgreSQL null (LIMIT NULL). */
export const noLimit: number = onPostgres ? (null as unknown as number) : -1;

/** A character by its code point (SQLite `char`, PostgreSQL `chr`). */
export function characterOf(code: number): SQL {
  return onPostgres ? sql`chr(${sql.raw(String(code))})` : sql`char(${sql.raw(String(code))})`;
}

/**
 * `column` contains `text` anywhere, any letter case, wildcards in `text` taken literally: SQLite's
 * LIKE ignores case by itself, PostgreSQL's ILIKE says so.
 */
export function containsText(column: SQL | AnyColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return onPostgres ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`;
}

/** A comparison as 1 or 0 (SQLite's booleans are numbers already; PostgreSQL's are cast). */
export function asNumber(condition: SQL): SQL<number> {
  return (onPostgres ? sql`(${condition})::int` : sql`(${condition})`).mapWith(Number) as SQL<number>;
}

/**
 * `value` of the rows `from … where …`, joined by `separator` in `orderBy` order, or null for no row:
 * SQLite's group_concat over an ordered subquery, PostgreSQL's string_agg with its own order.
 */
export function joinedInOrder(parts: { value: SQL; from: SQL; where: SQL; orderBy: SQL; separator: string }): SQL<string | null> {
  const { value, from, where, orderBy, separator } = parts;
  return onPostgres
    ? sql<string | null>`(select string_agg(${value}, ${separator} order by ${orderBy}) from ${from} where ${where})`
    : sql<string | null>`(select group_concat(v, ${separator}) from (select ${value} as v from ${from} where ${where} order by ${orderBy}))`;
}

/**
 * The recursive step of a `with recursive` query: for each row of the work table, the rows of
 * `from` that `where` (naming the work table's columns) finds. PostgreSQL plans the step once, not
 * knowing that each round has a few rows, and may read all of `from` (a merge or hash join); as
 * a LATERAL subquery it looks each row up by index. SQLite has no LATERAL, and its CROSS JOIN
 * keeps the work table outside, so it looks each row up by index too: by `index` when given, which
 * SQLite would otherwise pass over for another that matches more of `where` (on a database not yet
 * ANALYZEd, a range over half the table). `select` names its columns.
 */
export function recursiveStep(parts: { workTable: string; select: SQL; from: SQL; index?: string; where: SQL }): SQL {
  const work = sql.identifier(parts.workTable);
  // OFFSET 0 keeps the planner from pulling the subquery up into a plain join again.
  if (onPostgres) return sql`select step.* from ${work} cross join lateral (select ${parts.select} from ${parts.from} where ${parts.where} offset 0) step`;
  const from = parts.index ? sql`${parts.from} indexed by ${sql.identifier(parts.index)}` : parts.from;
  return sql`select ${parts.select} from ${work} cross join ${from} where ${parts.where}`;
}

/** Every row of a hand-written statement. */
export async function allRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  if (onPostgres) return ((await (db as unknown as PostgresExecute).execute(query)) as { rows: Row[] }).rows;
  return db.all<Row>(query);
}

/** Runs a hand-written statement that returns no rows. */
export async function runStatement(db: Db, query: SQL): Promise<void> {
  if (onPostgres) await (db as unknown as PostgresExecute).execute(query);
  else db.run(query);
}

type PostgresExecute = { execute(query: SQL): Promise<unknown> };

/**
 * Makes the writes that name one of the same `keys` run one at a time, until their transactions
 * end: PostgreSQL advisory transaction locks, taken in one statement in the order of their hashes,
 * so that two writes never each hold a lock the other waits for. On SQLite every write runs one at
 * a time already (db/writer.ts), so nothing is needed there.
 */
export async function serializeWrites(tx: Db, ...keys: string[]): Promise<void> {
  if (!onPostgres || keys.length === 0) return;
  const hashes = sql.join(keys.map((key) => sql`hashtextextended(${key}, 0)`), sql`, `);
  await runStatement(tx, sql`select pg_advisory_xact_lock(k) from (select distinct unnest(array[${hashes}]) as k order by k) locks`);
}

/** A write refused by a unique index: SQLite's "UNIQUE constraint failed", PostgreSQL's 23505 (drizzle puts the driver's error in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === '23505' || /UNIQUE constraint failed/.test(e.message)) return true;
  }
  return false;
}

/** How a column of jsonRows is read: a time is given in milliseconds, as SQLite stores it. */
export type JsonColumnType = 'integer' | 'text' | 'boolean' | 'time';

/**
 * Many rows sent as one parameter (a JSON array of objects) and read as a table whose columns are
 * `columns`' names, in that order: one statement for any number of rows, with no limit on
 * parameters and no per-value work in the query builder. SQLite reads it with json_each,
 * PostgreSQL with jsonb_to_recordset (a time becomes a timestamp there).
 */
export function jsonRows(rows: readonly Record<string, unknown>[], columns: Record<string, JsonColumnType>): SQL {
  // A lone surrogate (never in well-formed text) would make the JSON unreadable to PostgreSQL: it becomes U+FFFD, as the driver would send it.
  const json = JSON.stringify(rows, (_, value: unknown) => (typeof value === 'string' ? value.replace(/\p{Surrogate}/gu, '\uFFFD') : value));
  const names = Object.keys(columns);
  if (onPostgres) {
    const pgType = { integer: 'integer', text: 'text', boolean: 'boolean', time: 'bigint' } as const;
    const read = names.map((name) =>
      columns[name] === 'time'
        ? sql`case when ${sql.identifier(name)} is null then null else timestamptz 'epoch' + ${sql.identifier(name)} * interval '1 millisecond' end as ${sql.identifier(name)}`
        : sql.identifier(name),
    );
    const typed = names.map((name) => sql`${sql.identifier(name)} ${sql.raw(pgType[columns[name]!])}`);
    return sql`(select ${sql.join(read, sql`, `)} from jsonb_to_recordset(${json}::jsonb) as r(${sql.join(typed, sql`, `)}))`;
  }
  const read = names.map((name) => sql`json_extract(value, ${`$."${name}"`}) as ${sql.identifier(name)}`);
  return sql`(select ${sql.join(read, sql`, `)} from json_each(${json}))`;
}

/** `column` is one of `values` (strings), bound as one JSON parameter whatever their number. */
export function isOneOf(column: SQL | AnyColumn, values: readonly string[]): SQL {
  const json = JSON.stringify(values);
  return onPostgres ? sql`${column} in (select jsonb_array_elements_text(${json}::jsonb))` : sql`${column} in (select value from json_each(${json}))`;
}

/**
 * `count` new ids for rows of `table` (an integer primary key named id), before the rows go in, so
 * that rows inserted together can name each other (a reply its parent), ascending. PostgreSQL takes
 * them from the column's sequence; SQLite counts on from the highest id ever given (its AUTOINCREMENT
 * counter), which is safe because SQLite's writes run one at a time, inside BEGIN IMMEDIATE
 * (db/writer.ts), and the rows must go in within the same write.
 */
export async function reserveIds(tx: Db, table: string, count: number): Promise<number[]> {
  if (count <= 0) return [];
  if (onPostgres) {
    const rows = await allRows<{ id: number }>(tx, sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::integer as id from generate_series(1, ${count})`);
    return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  }
  const [row] = await allRows<{ top: number }>(
    tx,
    sql`select max(coalesce((select seq from sqlite_sequence where name = ${table}), 0), coalesce((select max(id) from ${sql.identifier(table)}), 0)) as top`,
  );
  const top = Number(row?.top ?? 0);
  return Array.from({ length: count }, (_, i) => top + 1 + i);
}

import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { databaseKind, runStatement } from './dialect';
import { getDb, getWriterConnection } from './index';
import type { Db } from './handle';

// Every write goes through write(): in order, on the writing connection, in transactions.
//
// Group commit. With synchronous=FULL every transaction waits for the disk (fsync). Writes that
// arrive while one transaction is running are run together in the next one, so a burst of comments
// costs one fsync instead of one each. Each write still runs alone inside a savepoint: one that
// throws is undone by itself and rejects only its own promise. Every promise settles after COMMIT,
// so nothing is acknowledged before it is on disk. The checks and the changes inside one write see
// no other write between them (the writes of this process run one at a time, and BEGIN IMMEDIATE
// holds off other processes). A write may call functions that write: they join it.
//
// On PostgreSQL each write is a transaction of its own on a connection of the pool (no group commit:
// the server commits many transactions at once itself), and a write called inside another joins it
// in a savepoint, as on SQLite. Writes there run side by side: a write whose checks must see no other write
// between them and its changes says so with serializeWrites (db/dialect.ts).

export type Write<T> = (tx: Db) => T | Promise<T>;

type Pending = { work: Write<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

let queue: Pending[] = [];
let running = false;
/** The write whose work is running in this async context, while it runs. */
const insideWrite = new AsyncLocalStorage<{ tx: Db; running: boolean }>();
let savepoints = 0;

/** Runs `run` in a savepoint of the transaction `tx` belongs to: undone alone if it throws. */
async function inSavepoint<T>(tx: Db, run: () => Promise<T>): Promise<T> {
  const exec =
    databaseKind === 'postgres'
      ? (statement: string) => runStatement(tx, sql.raw(statement))
      : async (statement: string) => void getWriterConnection().sqlite.exec(statement);
  const name = `write_${++savepoints}`;
  await exec(`SAVEPOINT ${name}`);
  try {
    const value = await run();
    await exec(`RELEASE ${name}`);
    return value;
  } catch (error) {
    await exec(`ROLLBACK TO ${name}`);
    await exec(`RELEASE ${name}`);
    throw error;
  }
}

async function flush(): Promise<void> {
  const batch = queue;
  queue = [];
  const { db: tx, sqlite } = getWriterConnection();
  const outcomes: Outcome[] = [];
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    for (const { work } of batch) {
      const context = { tx, running: true };
      try {
        outcomes.push({ ok: true, value: await insideWrite.run(context, () => inSavepoint(tx, async () => work(tx))) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      } finally {
        // A promise the work left running that writes later is a write of its own, not part of this one.
        context.running = false;
      }
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    // BEGIN or COMMIT failed (disk full, database locked for too long): nothing was stored.
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    for (const { reject } of batch) reject(error);
    return;
  } finally {
    running = false;
    if (queue.length > 0) start();
  }
  batch.forEach(({ resolve, reject }, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) resolve(outcome.value);
    else reject(outcome.error);
  });
}

function start(): void {
  running = true;
  setImmediate(() => void flush());
}

/**
 * Runs `work` with the write's handle in the next group transaction and settles once that
 * transaction is committed (with work's value, or its error, which undid only its own changes).
 * Called inside another write, it runs at once in a savepoint of that write.
 */
export function write<T>(work: Write<T>): Promise<T> {
  const outer = insideWrite.getStore();
  if (outer?.running) return inSavepoint(outer.tx, async () => work(outer.tx));
  if (databaseKind === 'postgres') return writeOnPostgres(work);
  return new Promise<T>((resolve, reject) => {
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!running) start();
  });
}

type Transaction = { transaction<T>(run: (tx: Db) => Promise<T>): Promise<T> };

/** A transaction of its own on one of the pool's connections (drizzle's BEGIN … COMMIT or ROLLBACK). */
function writeOnPostgres<T>(work: Write<T>): Promise<T> {
  return (getDb() as unknown as Transaction).transaction(async (tx) => {
    const context = { tx, running: true };
    try {
      return await insideWrite.run(context, async () => work(tx));
    } finally {
      context.running = false;
    }
  });
}

import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { e2eDatabase, e2eDatabaseUrl, e2eOnPostgres } from '../../playwright.config';

// The e2e database as the test helpers read and write it: synchronous on both databases, so that
// a helper is a plain function call in a spec. SQL is written with `?` placeholders in the common
// part of both dialects; parameters may be Dates and booleans; rows come back in SQLite's shapes.

export type Parameter = string | number | boolean | Date | null;

export type E2eDatabase = {
  /** Runs a write; returns how many rows it changed. */
  run(sql: string, params?: Parameter[]): number;
  get<Row>(sql: string, params?: Parameter[]): Row | undefined;
  all<Row>(sql: string, params?: Parameter[]): Row[];
  transaction<T>(work: () => T): T;
};

/** better-sqlite3 as the helpers used it; Dates bound as ms and booleans as 1/0, as the app stores them. */
export function sqliteE2eDatabase(db: Database.Database): E2eDatabase {
  const bind = (params: Parameter[]) =>
    params.map((value) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value));
  return {
    run: (sql, params = []) => db.prepare(sql).run(...bind(params)).changes,
    get: <Row>(sql: string, params: Parameter[] = []) => db.prepare(sql).get(...bind(params)) as Row | undefined,
    all: <Row>(sql: string, params: Parameter[] = []) => db.prepare(sql).all(...bind(params)) as Row[],
    transaction: (work) => db.transaction(work)(),
  };
}

/** `?` placeholders as PostgreSQL's `$1, $2, …`; a `?` inside a quoted string is left alone. */
export function numberedPlaceholders(sql: string): string {
  let count = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++count}` : match));
}

const answerTimeoutMs = 30_000;

/**
 * A `pg` client in a worker thread, the caller blocked (Atomics.wait) until it answers: the
 * helpers stay synchronous, as they are on SQLite, against a real PostgreSQL.
 */
export function postgresE2eDatabase(url: string): E2eDatabase {
  const { port1: port, port2: workerPort } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(path.join(process.cwd(), 'e2e', 'support', 'postgres-worker.mjs'), {
    workerData: { url, port: workerPort, signal },
    transferList: [workerPort],
  });
  worker.unref();
  port.unref();

  function query(sql: string, params: Parameter[]): { rows: unknown[]; rowCount: number } {
    Atomics.store(signal, 0, 0);
    port.postMessage({ text: numberedPlaceholders(sql), values: params });
    if (Atomics.wait(signal, 0, 0, answerTimeoutMs) === 'timed-out') {
      throw new Error(`PostgreSQL did not answer within ${answerTimeoutMs / 1000} s: ${sql}`);
    }
    const answer = receiveMessageOnPort(port)!.message as { rows: unknown[]; rowCount: number; error?: { message: string; code?: string } };
    if (answer.error) throw Object.assign(new Error(`${answer.error.message}\n  in: ${sql}`), { code: answer.error.code });
    return answer;
  }

  let depth = 0;
  return {
    run: (sql, params = []) => query(sql, params).rowCount,
    get: <Row>(sql: string, params: Parameter[] = []) => query(sql, params).rows[0] as Row | undefined,
    all: <Row>(sql: string, params: Parameter[] = []) => query(sql, params).rows as Row[],
    transaction(work) {
      // One level, as on SQLite's helpers: an inner call joins the outer transaction.
      if (depth > 0) return work();
      query('begin', []);
      depth++;
      try {
        const result = work();
        query('commit', []);
        return result;
      } catch (error) {
        query('rollback', []);
        throw error;
      } finally {
        depth--;
      }
    },
  };
}

let handle: E2eDatabase | undefined;

/** The database of the server Playwright started, opened once per test process. */
export function e2eDb(): E2eDatabase {
  if (!handle) {
    if (e2eOnPostgres) {
      handle = postgresE2eDatabase(e2eDatabaseUrl);
    } else {
      const db = new Database(e2eDatabase, { fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      handle = sqliteE2eDatabase(db);
    }
  }
  return handle;
}

/** Every row of `table`, in an order of their own: two snapshots are equal when the table holds the same rows. */
export function tableSnapshot(table: string): string[] {
  return e2eDb()
    .all(`select * from ${table}`)
    .map((row) => JSON.stringify(row))
    .sort();
}

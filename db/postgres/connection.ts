import crypto from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { databaseLabel } from '../../lib/config';
import { launchArticleRow } from '../seed';
import type { Db } from '../handle';
import { migratePostgres } from './migrate';
import * as schema from './schema';

// No `server-only` here, like db/connection.ts: unit tests and scripts open PostgreSQL with this too.

export type PostgresConnection = {
  db: Db;
  pool: pg.Pool;
  /** Resolves once the database is migrated and seeded (the first query waits for the same). */
  ready: () => Promise<void>;
};

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, release: (error?: Error) => void) => void;

/**
 * A pool whose connections are handed out only once the database is ready (migrations applied under
 * their advisory lock, the launch article in place), so that getDb() can stay synchronous and the
 * first query of a process simply waits. A failed preparation fails the queries waiting for it and
 * is tried again by the next one.
 */
class PreparedPool extends pg.Pool {
  #ready: Promise<void> | undefined;

  constructor(
    config: pg.PoolConfig,
    private readonly prepare: (client: pg.PoolClient) => Promise<void>,
  ) {
    super(config);
  }

  ready(): Promise<void> {
    this.#ready ??= (async () => {
      const client = await super.connect();
      try {
        await this.prepare(client);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  // pg.Pool's query() takes its client through connect() with a callback: both forms wait.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (callback) {
      this.ready().then(
        () => super.connect(callback),
        (error: Error) => callback(error, undefined, () => {}),
      );
      return;
    }
    return this.ready().then(() => super.connect());
  }
}

/**
 * The pool's first connection, waited for, with a failure to reach the server said plainly (the
 * address without its password, and what to check). Errors of the migrations pass unchanged.
 */
export async function readyOrExplain(postgres: PostgresConnection, url: string): Promise<void> {
  try {
    await postgres.ready();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '28P01', '28000', '3D000'].includes(code);
    if (!unreachable) throw error;
    throw new Error(
      `cannot open the PostgreSQL database ${databaseLabel({ kind: 'postgres', url })} (${(error as Error).message}). Check that the server runs, that the database exists and that DATABASE_URL's user and password are right.`,
      { cause: error },
    );
  }
}

/**
 * Every statement with parameters becomes a named prepared statement on its connection, planned once
 * there and then only executed (as postgres.js does by default): drizzle's `.prepare()` without a
 * name is an unnamed statement, which PostgreSQL parses and plans again each time. The name is the
 * text's hash, so the same text always has the same name, as node-postgres requires.
 */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `m_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

function prepareEveryStatement(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
    const named =
      config !== null &&
      typeof config === 'object' &&
      !('submit' in config) &&
      typeof (config as pg.QueryConfig).text === 'string' &&
      !(config as pg.QueryConfig).name &&
      Array.isArray(rest[0]) &&
      rest[0].length > 0;
    if (!named) return query(config, ...rest);
    return query({ ...(config as pg.QueryConfig), name: statementName((config as pg.QueryConfig).text) }, ...rest);
  };
}

/** A pool on Margin's PostgreSQL database: migrated and seeded before its first query runs. */
export function openPostgres(url: string, max = 10): PostgresConnection {
  const pool = new PreparedPool({ connectionString: url, max }, async (client) => {
    await migratePostgres(client);
    await drizzle({ client, schema })
      .insert(schema.articles)
      .values(launchArticleRow())
      .onConflictDoNothing({ target: schema.articles.slug });
  });
  pool.on('connect', prepareEveryStatement);
  // An idle connection the server ends (a restart, a failover) is dropped by the pool; unheard, its
  // error would end the process. The next query opens a new one.
  pool.on('error', (error) => console.error('margin: a PostgreSQL connection was lost:', error.message));
  // The queries are typed against SQLite's handle; db/schema.ts says why PostgreSQL's runs them as they are.
  return { db: drizzle({ client: pool, schema }) as unknown as Db, pool, ready: () => pool.ready() };
}

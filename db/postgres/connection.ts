import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
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

/** A pool on Margin's PostgreSQL database: migrated and seeded before its first query runs. */
export function openPostgres(url: string, max = 10): PostgresConnection {
  const pool = new PreparedPool({ connectionString: url, max }, async (client) => {
    await migratePostgres(client);
    await drizzle({ client, schema })
      .insert(schema.articles)
      .values(launchArticleRow())
      .onConflictDoNothing({ target: schema.articles.slug });
  });
  // The queries are typed against SQLite's handle; db/schema.ts says why PostgreSQL's runs them as they are.
  return { db: drizzle({ client: pool, schema }) as unknown as Db, pool, ready: () => pool.ready() };
}

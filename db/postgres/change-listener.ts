import pg from 'pg';

// One connection per server, outside the pool, that LISTENs on "margin_changes": the statements
// that change articles or page_invalidations notify it with the table's name at commit
// (db/migrations-postgres/0004). When the connection is lost, changes can go unheard: the
// listener says so (listening() is false), opens a new connection again and again, and once it
// listens again tells its subscribers that what happened meanwhile is unknown.

export const changeChannel = 'margin_changes';
/** application_name of the listening connection: tests find it in pg_stat_activity by this. */
export const listenerApplicationName = 'margin-change-listener';

export type ChangeEvent = { kind: 'changed'; table: string } | { kind: 'unheard' };

export type ChangeListener = {
  /** Resolves once the first LISTEN is in place (a later loss is the listener's own to mend). */
  ready(): Promise<void>;
  /** False while changes can go unheard: from the loss of the connection until it listens again. */
  listening(): boolean;
  subscribe(callback: (event: ChangeEvent) => void): () => void;
  close(): Promise<void>;
};

/** How long between two tries to listen again, growing to the longest. */
const retryMs = { first: 100, longest: 2_000 };
/** A lost network is noticed by a query that does not answer: one every this often. */
const heartbeatMs = 2_000;

export function listenForChanges(url: string): ChangeListener {
  const subscribers = new Set<(event: ChangeEvent) => void>();
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let firstListen: Promise<void> | undefined;

  const tell = (event: ChangeEvent) => {
    for (const callback of subscribers) callback(event);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: listenerApplicationName, keepAlive: true, query_timeout: heartbeatMs * 2 });
    next.on('notification', (message) => {
      if (message.channel === changeChannel) tell({ kind: 'changed', table: message.payload ?? '' });
    });
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    await next.connect();
    await next.query(`listen ${changeChannel}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    heartbeat = setInterval(() => void next.query('select 1').catch(() => lost(next)), heartbeatMs).unref();
  }

  function lost(which: pg.Client) {
    if (which !== client || closed) return;
    client = null;
    listening = false;
    clearInterval(heartbeat);
    which.removeAllListeners('notification');
    void which.end().catch(() => {});
    console.error('margin: lost the database connection that hears other servers\u2019 changes; trying again');
    void listenAgain(retryMs.first);
  }

  async function listenAgain(waitMs: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
    if (closed) return;
    try {
      await connect();
      console.error('margin: hearing other servers\u2019 changes again');
      // Subscribers learn that they missed news before anyone may trust them again.
      tell({ kind: 'unheard' });
      listening = true;
    } catch {
      void listenAgain(Math.min(waitMs * 2, retryMs.longest));
    }
  }

  return {
    ready() {
      firstListen ??= connect().then(
        () => {
          listening = true;
        },
        (error: unknown) => {
          firstListen = undefined;
          throw error;
        },
      );
      return firstListen;
    },
    listening: () => listening,
    subscribe(callback) {
      subscribers.add(callback);
      return () => subscribers.delete(callback);
    },
    async close() {
      closed = true;
      listening = false;
      clearInterval(heartbeat);
      const open = client;
      client = null;
      await open?.end().catch(() => {});
    },
  };
}

import { workerData } from 'node:worker_threads';
import pg from 'pg';

// The PostgreSQL side of e2e/support/e2e-database.ts: one client, answering one query at a time on
// `port`, then waking the caller blocked on `signal`. Rows come back as the SQLite e2e database
// stores them (times in ms, booleans 1/0, counts as numbers), so the helpers' assertions hold on both.

const { url, port, signal } = workerData;
const { builtins } = pg.types;
const parseTimestamp = pg.types.getTypeParser(builtins.TIMESTAMPTZ);
const parseNoZoneTimestamp = pg.types.getTypeParser(builtins.TIMESTAMP);
pg.types.setTypeParser(builtins.TIMESTAMPTZ, (text) => parseTimestamp(text).getTime());
pg.types.setTypeParser(builtins.TIMESTAMP, (text) => parseNoZoneTimestamp(text).getTime());
pg.types.setTypeParser(builtins.BOOL, (text) => (text === 't' ? 1 : 0));
pg.types.setTypeParser(builtins.INT8, Number);
pg.types.setTypeParser(builtins.NUMERIC, Number);

const client = new pg.Client({ connectionString: url });
// The cluster is stopped at the end of the run, maybe before this thread: a lost connection fails
// the next query, not the test process.
client.on('error', () => {});
const connected = client.connect();

function answer(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

port.on('message', async ({ text, values }) => {
  try {
    await connected;
    const result = await client.query({ text, values });
    answer({ rows: result.rows, rowCount: result.rowCount ?? 0 });
  } catch (error) {
    answer({ error: { message: error.message, code: error.code } });
  }
});

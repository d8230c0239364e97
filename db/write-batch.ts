import 'server-only';
import { getConnection } from './index';

// Group commit. With synchronous=FULL every transaction waits for the disk (fsync), and
// better-sqlite3 waits on the event loop. Writes that arrive while one request is being handled
// are run together in one transaction, so a burst of comments costs one fsync instead of one each.
// Each write still runs alone inside a savepoint: one that throws is undone by itself and rejects
// only its own promise. Every promise settles after COMMIT, so nothing is acknowledged before it is
// on disk.

type Pending = { write: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

let queue: Pending[] = [];

function flush(): void {
  const batch = queue;
  queue = [];
  const { sqlite } = getConnection();
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  // Called inside the outer transaction, a better-sqlite3 transaction function is a savepoint.
  const inSavepoint = sqlite.transaction((write: () => unknown) => write());
  try {
    sqlite.transaction(() => {
      for (const { write } of batch) {
        try {
          outcomes.push({ ok: true, value: inSavepoint(write) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    }).immediate();
  } catch (error) {
    // The commit itself failed (disk full, database locked for too long): nothing was stored.
    for (const { reject } of batch) reject(error);
    return;
  }
  batch.forEach(({ resolve, reject }, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) resolve(outcome.value);
    else reject(outcome.error);
  });
}

/**
 * Runs `write` (synchronous database work: checks and inserts) in the next group transaction and
 * settles once that transaction is committed. The checks and the insert inside one `write` see no
 * other write between them.
 */
export function inWriteBatch<T>(write: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (queue.length === 0) setImmediate(flush);
    queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
  });
}

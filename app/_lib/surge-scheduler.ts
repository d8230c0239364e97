import 'server-only';
import { watchDatabaseChanges } from '@/db/queries/database-changes';
import { claimLease } from '@/db/queries/leases';
import { handleDueSurgeEnds, nextSurgeEnd } from '@/db/queries/surges';
import { errorMessage } from '@/lib/error-message';
import { revalidateSurgePages } from './revalidate';
import { serverName } from './shared-invalidation';

// The surge timer, started by instrumentation.ts: at a surge's end time, with no one present, the
// server holding the `surge-ends` lease (db/queries/leases.ts, as housekeeping and the mail sender)
// deals with it once: a close surge closes the comments, and the pages showing the notice are
// emptied here and, announced, on every other server. The rule itself never waits for this: it
// reads the end time at every check (lib/surge.ts), so posting changes exactly on time. Every
// server keeps the timer, so when the holder stops, another takes the work over once its lease lapses.

const leaseMs = 30_000;
const lease = 'surge-ends';
/** The longest the timer goes without asking again: a safety net for a change it did not hear of. */
const maxWaitMs = 60_000;
/** How soon a server that is not the lease holder looks again at an end still not dealt with. */
const retryMs = 5_000;
const pollMs = 1_000;

type SurgeTimer = { reschedule(): void };
const holder = globalThis as typeof globalThis & { marginSurgeTimer?: SurgeTimer };

async function dealWithDueEnds(now: number): Promise<boolean> {
  if (!(await claimLease(lease, serverName(), leaseMs, now))) return false;
  const ended = await handleDueSurgeEnds(now);
  const scopes = new Map(ended.map((surge) => [surge.scope === 'site' ? 'site' : surge.scope.slug, surge.scope]));
  for (const scope of scopes.values()) await revalidateSurgePages(scope, { keepAnswer: true });
  for (const surge of ended) {
    console.log(`margin: surge ${surge.id} (${surge.kind}, ${surge.scope === 'site' ? 'the whole site' : surge.scope.slug}) ended at its time`);
  }
  return true;
}

export async function startSurgeTimer(): Promise<void> {
  if (holder.marginSurgeTimer) return;
  // A surge started or ended on another server (or by a script) is heard of within a second.
  const elsewhere = watchDatabaseChanges(['surges']);
  await elsewhere.ready();
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;

  async function runOnce(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    let wait = maxWaitMs;
    try {
      const now = Date.now();
      let next = await nextSurgeEnd();
      if (next !== null && next <= now) {
        next = (await dealWithDueEnds(now)) ? await nextSurgeEnd() : now + retryMs;
      }
      if (next !== null) wait = Math.min(Math.max(next - Date.now(), 1), maxWaitMs);
    } catch (error) {
      console.error(`margin: the surge timer could not run: ${errorMessage(error)}`);
      wait = retryMs;
    }
    // Unref'd: a pending end never keeps a stopping server alive.
    timer = setTimeout(() => void run(), wait).unref();
  }

  // One run at a time; a call during a run asks again after it, so no change is missed.
  async function run(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await runOnce();
      } while (again);
    } finally {
      running = false;
    }
  }

  setInterval(() => {
    if (elsewhere.changedSinceLastAsked() !== 'unchanged') void run();
  }, pollMs).unref();
  holder.marginSurgeTimer = { reschedule: () => void run() };
  void run();
}

/** Asks for the next end again: after a surge is started or ended on this server. */
export function rescheduleSurgeEnds(): void {
  holder.marginSurgeTimer?.reschedule();
}

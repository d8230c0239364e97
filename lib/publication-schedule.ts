// When scheduled articles become public: a timer set for the next publication time, so that the
// pages listing it change at that moment with no cron job and no reader's request. The clock and
// the data are passed in (the server gives Date.now, setTimeout and the data layer; tests a fake).

export type SchedulerClock = {
  now(): number;
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type PublicationSource = {
  /** The earliest publication time of a published article later than `after`, or null. */
  nextPublicationAfter(after: number): Promise<number | null>;
  /** The slugs of scheduled articles (saved before their time) whose time is in (from, to]. */
  publishedBetween(from: number, to: number): Promise<string[]>;
  /** True when the articles may have changed elsewhere since the last call (a script, a second server). */
  changedElsewhere?(): boolean;
};

export type SchedulerOptions = {
  clock: SchedulerClock;
  source: PublicationSource;
  /** Articles whose time has come: their pages and every listing must be emptied now. */
  onPublished(slugs: string[]): void;
  onError?(error: unknown): void;
  /** The longest the scheduler goes without asking the data again: a safety net for an unannounced change. */
  maxWaitMs?: number;
  /** How often it asks whether another process wrote to the database. */
  pollMs?: number;
};

export type PublicationScheduler = {
  /**
   * Asks the data again now: call after any article is saved, published, scheduled or unpublished.
   * Resolves once the answer is in.
   */
  reschedule(): Promise<void>;
  stop(): void;
  /** The next publication time known, for tests and logs. */
  readonly nextAt: number | null;
  /** When the timer will fire next. */
  readonly wakeAt: number | null;
};

export const defaultMaxWaitMs = 60_000;
export const defaultPollMs = 1_000;

export function createPublicationScheduler(options: SchedulerOptions): PublicationScheduler {
  const { clock, source } = options;
  const maxWait = options.maxWaitMs ?? defaultMaxWaitMs;
  const pollMs = options.pollMs ?? defaultPollMs;
  const report = options.onError ?? (() => {});
  // Only what becomes public after the scheduler starts is announced; the caches start empty.
  let sweptUpTo = clock.now();
  let timer: unknown = null;
  let poller: unknown = null;
  let nextAt: number | null = null;
  let wakeAt: number | null = null;
  let stopped = false;

  async function sweep(now: number) {
    if (now <= sweptUpTo) return;
    const slugs = await source.publishedBetween(sweptUpTo, now);
    sweptUpTo = now;
    if (slugs.length > 0) options.onPublished(slugs);
  }

  async function runOnce() {
    if (stopped) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const now = clock.now();
    try {
      await sweep(now);
      nextAt = await source.nextPublicationAfter(now);
    } catch (error) {
      report(error);
      nextAt = null;
    }
    if (stopped) return;
    // A timer that fires a moment early finds nothing due and waits the rest.
    const wait = nextAt === null ? maxWait : Math.min(Math.max(nextAt - now, 1), maxWait);
    wakeAt = now + wait;
    timer = clock.setTimeout(() => void run(), wait);
  }

  // The data is read asynchronously: one run at a time, and a call during a run asks again after it,
  // so that a change made during the run is not missed.
  let running: Promise<void> | null = null;
  let again = false;
  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
      running = null;
    })();
    return running;
  }

  function poll() {
    if (stopped) return;
    try {
      if (source.changedElsewhere?.()) void run();
    } catch (error) {
      report(error);
    }
    poller = clock.setTimeout(poll, pollMs);
  }

  void run();
  if (source.changedElsewhere) poller = clock.setTimeout(poll, pollMs);

  return {
    reschedule: run,
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      if (poller !== null) clock.clearTimeout(poller);
      timer = poller = null;
      wakeAt = null;
    },
    get nextAt() {
      return nextAt;
    },
    get wakeAt() {
      return wakeAt;
    },
  };
}

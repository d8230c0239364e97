import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPublicationScheduler, type PublicationSource, type SchedulerClock, type SchedulerOptions } from './publication-schedule';

/** A clock whose time moves only when the test says, firing due timers in order. */
class FakeClock implements SchedulerClock {
  time: number;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  constructor(start: number) {
    this.time = start;
  }
  now = () => this.time;
  setTimeout = (callback: () => void, milliseconds: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + milliseconds, callback });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  /** Pending timer times, soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at).sort((a, b) => a - b);
  }
  async advanceTo(time: number) {
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= time).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await settled();
    }
    this.time = time;
  }
}

/** Articles by slug and publication time: the data layer's answers, computed the same way. */
function fakeSource(articles: Map<string, number>, options: { changed?: () => boolean } = {}): PublicationSource & { calls: number } {
  const source = {
    calls: 0,
    async nextPublicationAfter(after: number) {
      source.calls++;
      const later = [...articles.values()].filter((at) => at > after);
      return later.length ? Math.min(...later) : null;
    },
    async publishedBetween(from: number, to: number) {
      return [...articles.entries()]
        .filter(([, at]) => at > from && at <= to)
        .sort((a, b) => a[1] - b[1])
        .map(([slug]) => slug);
    },
    ...(options.changed ? { changedElsewhere: options.changed } : {}),
  };
  return source;
}

/** Lets the scheduler's reads of the (fake, asynchronous) data finish. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function startScheduler(options: SchedulerOptions) {
  const scheduler = createPublicationScheduler(options);
  await settled();
  return scheduler;
}

const start = Date.parse('2031-03-01T12:00:00Z');

describe('the publication scheduler', () => {
  test('fires at the publication time, not before, with that article, and then waits for the next', async () => {
    const clock = new FakeClock(start);
    const articles = new Map([
      ['first', start + 5_000],
      ['second', start + 20_000],
    ]);
    const published: { at: number; slugs: string[] }[] = [];
    const scheduler = await startScheduler({
      clock,
      source: fakeSource(articles),
      onPublished: (slugs) => published.push({ at: clock.now(), slugs }),
    });
    assert.equal(scheduler.nextAt, start + 5_000);
    assert.equal(scheduler.wakeAt, start + 5_000);
    await clock.advanceTo(start + 4_999);
    assert.deepEqual(published, []);
    await clock.advanceTo(start + 5_000);
    assert.deepEqual(published, [{ at: start + 5_000, slugs: ['first'] }]);
    assert.equal(scheduler.nextAt, start + 20_000);
    await clock.advanceTo(start + 30_000);
    assert.deepEqual(published, [
      { at: start + 5_000, slugs: ['first'] },
      { at: start + 20_000, slugs: ['second'] },
    ]);
    assert.equal(scheduler.nextAt, null);
    scheduler.stop();
  });

  test('articles due at the same moment are announced together, once', async () => {
    const clock = new FakeClock(start);
    const articles = new Map([
      ['a', start + 1_000],
      ['b', start + 1_000],
    ]);
    const published: string[][] = [];
    const scheduler = await startScheduler({ clock, source: fakeSource(articles), onPublished: (slugs) => published.push(slugs) });
    await clock.advanceTo(start + 10_000);
    assert.deepEqual(published, [['a', 'b']]);
    scheduler.stop();
  });

  test('never waits longer than the cap, so an unannounced change is seen within a minute', async () => {
    const clock = new FakeClock(start);
    const articles = new Map([['far', start + 3_600_000]]);
    const published: { at: number; slugs: string[] }[] = [];
    const scheduler = await startScheduler({
      clock,
      source: fakeSource(articles),
      onPublished: (slugs) => published.push({ at: clock.now(), slugs }),
      maxWaitMs: 60_000,
    });
    assert.equal(scheduler.wakeAt, start + 60_000);
    // Written behind its back, due five seconds after its next look.
    articles.set('sneaked-in', start + 65_000);
    await clock.advanceTo(start + 60_000);
    assert.equal(scheduler.nextAt, start + 65_000);
    await clock.advanceTo(start + 70_000);
    assert.deepEqual(published, [{ at: start + 65_000, slugs: ['sneaked-in'] }]);
    scheduler.stop();
  });

  test('reschedule() after a save picks up a new, earlier time at once', async () => {
    const clock = new FakeClock(start);
    const articles = new Map([['later', start + 50_000]]);
    const published: { at: number; slugs: string[] }[] = [];
    const scheduler = await startScheduler({ clock, source: fakeSource(articles), onPublished: (slugs) => published.push({ at: clock.now(), slugs }) });
    await clock.advanceTo(start + 1_000);
    articles.set('sooner', start + 3_000);
    await scheduler.reschedule();
    assert.equal(scheduler.nextAt, start + 3_000);
    await clock.advanceTo(start + 3_000);
    assert.deepEqual(published, [{ at: start + 3_000, slugs: ['sooner'] }]);
    // An article moved later is simply waited for at its new time.
    articles.set('later', start + 70_000);
    await scheduler.reschedule();
    await clock.advanceTo(start + 60_000);
    assert.equal(published.length, 1);
    await clock.advanceTo(start + 70_000);
    assert.deepEqual(published.at(-1), { at: start + 70_000, slugs: ['later'] });
    scheduler.stop();
  });

  test('a write by another process is noticed within a poll, without waiting for the cap', async () => {
    const clock = new FakeClock(start);
    const articles = new Map<string, number>();
    let changed = false;
    const published: { at: number; slugs: string[] }[] = [];
    const scheduler = await startScheduler({
      clock,
      source: fakeSource(articles, { changed: () => changed }),
      onPublished: (slugs) => published.push({ at: clock.now(), slugs }),
      pollMs: 1_000,
    });
    await clock.advanceTo(start + 10_500);
    articles.set('seeded', start + 15_000);
    changed = true;
    await clock.advanceTo(start + 11_000);
    changed = false;
    assert.equal(scheduler.nextAt, start + 15_000);
    await clock.advanceTo(start + 16_000);
    assert.deepEqual(published, [{ at: start + 15_000, slugs: ['seeded'] }]);
    scheduler.stop();
  });

  test('a timer that fires a moment early waits the rest instead of missing the article', async () => {
    const clock = new FakeClock(start);
    const articles = new Map([['due', start + 5_000]]);
    const published: string[][] = [];
    const scheduler = await startScheduler({ clock, source: fakeSource(articles), onPublished: (slugs) => published.push(slugs) });
    // The platform ran the callback at 4,999 ms.
    clock.time = start + 4_999;
    await scheduler.reschedule();
    assert.deepEqual(published, []);
    assert.equal(scheduler.wakeAt, start + 5_000);
    await clock.advanceTo(start + 5_000);
    assert.deepEqual(published, [['due']]);
    scheduler.stop();
  });

  test('what became public before the start is not announced; an article whose time passed unseen is announced on the next look', async () => {
    const clock = new FakeClock(start);
    const articles = new Map([['old', start - 1_000]]);
    const published: string[][] = [];
    const scheduler = await startScheduler({ clock, source: fakeSource(articles), onPublished: (slugs) => published.push(slugs) });
    assert.deepEqual(published, []);
    // Written straight into the database with a time already past by the next look.
    await clock.advanceTo(start + 2_000);
    articles.set('missed', start + 1_000);
    await scheduler.reschedule();
    assert.deepEqual(published, [['missed']]);
    scheduler.stop();
  });

  test('an error from the data layer is reported and the scheduler keeps its cadence', async () => {
    const clock = new FakeClock(start);
    const errors: unknown[] = [];
    let failing = true;
    const source: PublicationSource = {
      nextPublicationAfter: async () => {
        if (failing) throw new Error('database is locked');
        return start + 90_000;
      },
      publishedBetween: async () => [],
    };
    const scheduler = await startScheduler({ clock, source, onPublished: () => {}, onError: (error) => errors.push(error), maxWaitMs: 60_000 });
    assert.equal(errors.length, 1);
    assert.equal(scheduler.wakeAt, start + 60_000);
    failing = false;
    await clock.advanceTo(start + 60_000);
    assert.equal(scheduler.nextAt, start + 90_000);
    scheduler.stop();
  });

  test('a reschedule while the data is being read asks again after that read, so a save made meanwhile counts', async () => {
    const clock = new FakeClock(start);
    const articles = new Map([['later', start + 50_000]]);
    const source = fakeSource(articles);
    const scheduler = await startScheduler({ clock, source, onPublished: () => {} });
    const callsBefore = source.calls;
    const first = scheduler.reschedule();
    // Saved while the first read is in flight.
    articles.set('sooner', start + 3_000);
    const second = scheduler.reschedule();
    await Promise.all([first, second]);
    assert.equal(source.calls, callsBefore + 2, 'one read, then one more');
    assert.equal(scheduler.nextAt, start + 3_000);
    assert.equal(clock.pending().length, 1, 'one timer, not one per run');
    scheduler.stop();
  });

  test('stop() clears every timer', async () => {
    const clock = new FakeClock(start);
    const scheduler = await startScheduler({
      clock,
      source: fakeSource(new Map([['x', start + 1_000]]), { changed: () => false }),
      onPublished: () => assert.fail('stopped'),
    });
    assert.equal(clock.pending().length, 2);
    scheduler.stop();
    assert.deepEqual(clock.pending(), []);
    await clock.advanceTo(start + 10_000);
  });
});

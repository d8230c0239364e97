import 'server-only';
import { databaseKind } from '@/db/dialect';
import { getChangeListener, getWriterConnection } from '@/db/index';

/**
 * A cheap question, asked again and again: has the database changed since the last time this
 * watcher asked?
 * - SQLite: another connection (a second server, a script, a test seeding the file) committed.
 *   SQLite's data_version, which this process's own writes do not move. The first answer is
 *   'unchanged'.
 * - PostgreSQL: a statement changed one of `tables` (the notifications of
 *   db/postgres/change-listener.ts; this server's own changes too). 'unheard' when the listening
 *   connection was lost since the last call: anything may have changed.
 * Each watcher keeps its own answer, so two users (the publication timer, the shared page
 * invalidations) do not take each other's news.
 */
export type DatabaseChange = 'unchanged' | 'changed' | 'unheard';

export type DatabaseChangeWatcher = {
  /** Resolves once changes can be heard (PostgreSQL: the first LISTEN is in place). */
  ready(): Promise<void>;
  changedSinceLastAsked(): DatabaseChange;
  /** False while changes can go unheard (PostgreSQL's listening connection is down). */
  hearing(): boolean;
  /** Called as soon as a change is heard. PostgreSQL only: on SQLite nothing tells, ask instead. */
  onChange(callback: () => void): void;
};

export type WatchedTable = 'articles' | 'page_invalidations' | 'surges';

export function watchDatabaseChanges(tables: WatchedTable[]): DatabaseChangeWatcher {
  return databaseKind === 'postgres' ? watchNotifications(tables) : watchDataVersion();
}

function watchDataVersion(): DatabaseChangeWatcher {
  let seenVersion: number | undefined;
  let watched: { sqlite: unknown; read: () => number } | undefined;
  return {
    ready: async () => {},
    changedSinceLastAsked() {
      // The writing connection: this process's own commits are its own and do not move it.
      const { sqlite } = getWriterConnection();
      const known = watched?.sqlite === sqlite;
      if (!known) {
        const statement = sqlite.prepare('pragma data_version').pluck();
        watched = { sqlite, read: () => Number(statement.get()) };
      }
      const version = watched!.read();
      const changed = known && version !== seenVersion;
      seenVersion = version;
      return changed ? 'changed' : 'unchanged';
    },
    hearing: () => true,
    onChange() {},
  };
}

function watchNotifications(tables: WatchedTable[]): DatabaseChangeWatcher {
  const listener = getChangeListener();
  let news: DatabaseChange = 'unchanged';
  const callbacks: (() => void)[] = [];
  listener.subscribe((event) => {
    if (event.kind === 'unheard') news = 'unheard';
    else if ((tables as string[]).includes(event.table) && news === 'unchanged') news = 'changed';
    else return;
    for (const callback of callbacks) callback();
  });
  return {
    ready: () => listener.ready(),
    changedSinceLastAsked() {
      const answer = news;
      news = 'unchanged';
      return answer;
    },
    hearing: () => listener.listening(),
    onChange: (callback) => void callbacks.push(callback),
  };
}

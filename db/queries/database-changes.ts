import 'server-only';
import { getWriterConnection } from '@/db/index';

/**
 * A cheap question, asked again and again: has another connection (a second server, a script, a
 * test seeding the database) committed since the last time this watcher asked? SQLite's
 * data_version, which this connection's own writes do not move. Each watcher keeps its own answer,
 * so two users of it (the publication timer, the shared page invalidations) do not take each
 * other's news. The first call answers false.
 */
export function watchOtherWriters(): () => boolean {
  let seenVersion: number | undefined;
  let watched: { sqlite: unknown; read: () => number } | undefined;
  return () => {
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
    return changed;
  };
}

import 'server-only';
import { and, eq, gte, lt, or } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import type { Db } from '@/db/handle';
import { leases } from '@/db/schema';
import { write } from '@/db/writer';

// Work that must run on one server at a time (housekeeping; later, senders). A server holds a named
// lease for a while and renews it; when it stops renewing (it stopped or died), the lease lapses
// and the next server to ask takes it over. One statement, so two servers asking at once cannot
// both win: on SQLite one writer at a time; on PostgreSQL the second insert waits for the first,
// then locks the row it conflicts with and checks the WHERE against that row's committed version.

/**
 * True when `holder` now holds `name` until `ttlMs` from now: it was free, lapsed, or already
 * this holder's (renewed). False while another holder's lease runs. On `db` when given (another
 * server's connection, in tests), else in a write of this server's.
 */
export async function claimLease(name: string, holder: string, ttlMs: number, now = Date.now(), db?: Db): Promise<boolean> {
  const expiresAt = new Date(now + ttlMs);
  const claim = (tx: Db) =>
    first(
      tx
        .insert(leases)
        .values({ name, holder, expiresAt })
        .onConflictDoUpdate({
          target: leases.name,
          set: { holder, expiresAt },
          setWhere: or(eq(leases.holder, holder), lt(leases.expiresAt, new Date(now))),
        })
        .returning({ holder: leases.holder }),
    );
  const claimed = await (db ? claim(db) : write(claim));
  return claimed?.holder === holder;
}

/** Gives a lease up at once (a server stopping cleanly), so another need not wait for it to lapse. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await write((tx) => tx.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder))));
}

/** Who holds `name` now, if anyone: for logs and tests. */
export async function leaseHolder(name: string, now = Date.now()): Promise<string | null> {
  const row = await first(
    getDb()
      .select({ holder: leases.holder })
      .from(leases)
      .where(and(eq(leases.name, name), gte(leases.expiresAt, new Date(now)))),
  );
  return row?.holder ?? null;
}

import 'server-only';
import { leases } from '@/db/schema';
import { write } from '@/db/writer';

// Whether this server can write to its database now: for the start (npm start refuses a database it
// cannot write) and for /healthz (a load balancer stops sending readers to a server that cannot
// store their comments). Reading proves little: a read-only file, a full disk or a lost primary
// still answer reads.

const healthRow = 'health-check';

/** One real write, a row of its own in leases that never holds anything (lapsed at once). Throws when it cannot be written. */
export async function proveDatabaseWritable(server: string): Promise<void> {
  const lapsed = new Date(0);
  await write((tx) =>
    tx
      .insert(leases)
      .values({ name: healthRow, holder: server, expiresAt: lapsed })
      .onConflictDoUpdate({ target: leases.name, set: { holder: server, expiresAt: lapsed } }),
  );
}

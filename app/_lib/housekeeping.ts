import 'server-only';
import { forgetOldSessions } from '@/db/queries/auth';
import { claimLease } from '@/db/queries/leases';
import { forgetOldAnnouncements } from '@/db/queries/page-invalidations';
import { serverName } from './shared-invalidation';

// Purges that must run on one server at a time: every minute, the server holding the
// `housekeeping` lease (db/queries/leases.ts) drops old page announcements and dead sessions.
// When that server stops, its lease lapses within a minute and another server takes the work over.

const everyMs = 60_000;
const leaseMs = 90_000;
const lease = 'housekeeping';

const holder = globalThis as typeof globalThis & { marginHousekeeping?: NodeJS.Timeout };

async function sweep(): Promise<void> {
  try {
    if (!(await claimLease(lease, serverName(), leaseMs))) return;
    await forgetOldAnnouncements();
    await forgetOldSessions();
  } catch (error) {
    console.error('margin: housekeeping could not run:', error);
  }
}

export function startHousekeeping(): void {
  if (holder.marginHousekeeping) return;
  holder.marginHousekeeping = setInterval(sweep, everyMs).unref();
  setImmediate(sweep);
}

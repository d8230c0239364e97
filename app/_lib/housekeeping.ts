import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { forgetOldSessions } from '@/db/queries/auth';
import { claimLease } from '@/db/queries/leases';
import { forgetOldAnnouncements } from '@/db/queries/page-invalidations';
import { forgetOldMail } from '@/db/queries/mail';
import { forgetUsedModerationLinks } from '@/db/queries/moderation-links';
import { forgetClientDetails, purgeSpamAndTrash } from '@/db/queries/retention';
import { getDiscussionSettings } from '@/db/queries/settings';
import { loadConfig } from '@/lib/config';
import { serverName } from './shared-invalidation';
import { errorMessage } from '@/lib/error-message';

/** Sent email is kept 30 days for the admins' outbox, then forgotten with its .eml file. */
async function forgetOldMailFiles(): Promise<void> {
  const folder = path.join(loadConfig().dataDirectory, 'outbox');
  for (const file of await forgetOldMail()) await fs.rm(path.join(folder, path.basename(file)), { force: true });
}

// Purges that must run on one server at a time: every minute, the server holding the
// `housekeeping` lease (db/queries/leases.ts) drops old page announcements, dead sessions and
// email sent more than 30 days ago, forgets old comments' addresses and user agents, and deletes old
// spam and trash (the retention settings; a batch a minute).
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
    await forgetOldMailFiles();
    await forgetUsedModerationLinks();
    const settings = await getDiscussionSettings();
    await forgetClientDetails(settings.keepClientDetailsDays);
    await purgeSpamAndTrash(settings.purgeSpamTrashDays);
  } catch (error) {
    console.error(`margin: housekeeping could not run: ${errorMessage(error)}`);
  }
}

export function startHousekeeping(): void {
  if (holder.marginHousekeeping) return;
  holder.marginHousekeeping = setInterval(sweep, everyMs).unref();
  setImmediate(sweep);
}

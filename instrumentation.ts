export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Next logs a failed hook and serves anyway, every page a 500: `npm start` (server/main.ts) waits
  // for this outcome before it listens, and stops with the message instead.
  try {
    await start();
    Object.assign(globalThis, { marginStartOutcome: { ok: true } });
  } catch (error) {
    Object.assign(globalThis, { marginStartOutcome: { ok: false, message: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}

async function start() {
  // Started with `next start` or `next dev` rather than npm start: no serving edge stamps the
  // client address, so every request this process receives is stamped here (server/client-stamp.ts).
  const { loadConfig } = await import('@/lib/config');
  const { stampEveryRequest } = await import('@/server/client-stamp');
  stampEveryRequest(loadConfig().trustedProxies);
  // Open the database at start: migrations and the launch article are in place before any request.
  const { openDataLayer } = await import('@/db/index');
  const { getServerSecret } = await import('@/lib/secret');
  const { needsFirstAdmin } = await import('@/db/queries/moderators');
  const { ensureSetupToken } = await import('@/lib/setup-token');
  getServerSecret();
  const { diskSpaceProblem } = await import('@/lib/disk-space');
  const diskProblem = diskSpaceProblem(loadConfig().dataDirectory);
  if (diskProblem) throw new Error(diskProblem);
  await openDataLayer();
  await refuseUnwritableDatabase();
  // Scheduled articles become public on time, with no cron job and no request (lib/publication-schedule.ts).
  const { startPublicationScheduler } = await import('@/app/_lib/publication-scheduler');
  await startPublicationScheduler();
  // Other servers on this database hear of each page change made here, and this one of theirs.
  const { startSharingInvalidations } = await import('@/app/_lib/shared-invalidation');
  await startSharingInvalidations();
  // Surges end at their time with no one present: one server empties the pages that showed them.
  const { startSurgeTimer } = await import('@/app/_lib/surge-scheduler');
  await startSurgeTimer();
  const { startHousekeeping } = await import('@/app/_lib/housekeeping');
  startHousekeeping();
  // Email queued in the outbox leaves from one server at a time (app/_lib/mail-sender.ts).
  const { startMailSender } = await import('@/app/_lib/mail-sender');
  startMailSender();
  if (await needsFirstAdmin()) {
    const url = `${loadConfig().siteUrl}/setup?token=${ensureSetupToken()}`;
    console.log(`margin: no moderator account yet. Create the first admin here (works once): ${url}`);
  }
}

/** A database that opens but cannot take a write (a read-only file or disk, a standby) stops the start. */
async function refuseUnwritableDatabase() {
  const { proveDatabaseWritable } = await import('@/db/queries/health');
  const { serverName } = await import('@/app/_lib/shared-invalidation');
  const { databaseLabel, loadConfig } = await import('@/lib/config');
  try {
    await proveDatabaseWritable(serverName());
  } catch (error) {
    let cause: unknown = error;
    while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`the database ${databaseLabel(loadConfig().database)} cannot be written (${reason}). Check its permissions and its disk.`, { cause: error });
  }
}

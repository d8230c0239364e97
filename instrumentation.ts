export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Open the database at start: migrations and the launch article are in place before any request.
  const { getConnection } = await import('@/db/index');
  const { getServerSecret } = await import('@/app/_lib/secret');
  const { needsFirstAdmin } = await import('@/db/queries/moderators');
  const { ensureSetupToken } = await import('@/app/_lib/setup-token');
  const { loadConfig } = await import('@/app/_lib/config');
  getServerSecret();
  getConnection();
  if (needsFirstAdmin()) {
    const url = `${loadConfig().siteUrl}/setup?token=${ensureSetupToken()}`;
    console.log(`margin: no moderator account yet. Create the first admin here (works once): ${url}`);
  }
}

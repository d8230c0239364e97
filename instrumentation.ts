export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Open the database at start: migrations and the launch article are in place before any request.
  const { getConnection } = await import('@/db/index');
  const { getServerSecret } = await import('@/lib/secret');
  const { needsFirstAdmin } = await import('@/db/queries/moderators');
  const { ensureSetupToken } = await import('@/lib/setup-token');
  const { loadConfig } = await import('@/lib/config');
  getServerSecret();
  getConnection();
  if (needsFirstAdmin()) {
    const url = `${loadConfig().siteUrl}/setup?token=${ensureSetupToken()}`;
    console.log(`margin: no moderator account yet. Create the first admin here (works once): ${url}`);
  }
}

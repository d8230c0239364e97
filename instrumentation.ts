export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Open the database at start: migrations and the launch article are in place before any request.
  const { getConnection } = await import('@/db/index');
  const { getServerSecret } = await import('@/app/_lib/secret');
  getServerSecret();
  getConnection();
}

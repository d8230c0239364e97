import { startThrowawayPostgres } from '../db/postgres/throwaway-cluster';

// `npm run postgres`: a throwaway PostgreSQL for trying things by hand. Prints its URL and keeps it
// until Ctrl-C, which stops it and removes its folder.

try {
  const { url } = await startThrowawayPostgres();
  console.log(url);
  console.error('postgres: running; Ctrl-C stops it and removes its files.');
  // Keeps the process (and so the server) alive; the cluster's own signal handler cleans up.
  setInterval(() => {}, 1 << 30);
} catch (error) {
  console.error(`postgres: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

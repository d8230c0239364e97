import http from 'node:http';
import path from 'node:path';
import { ConfigError, databaseLabel, describeMailDelivery, loadConfig, type Config } from '../lib/config';
import { ensureBuild } from './build';
import { claimClientStamping } from './client-stamp';
import { capConnectionsPerClient, defaultConnectionLimits, timeoutOptions } from './connection-limits';
import { createEdge } from './edge';
import { forgetPagesOfAnotherDatabase } from './route-cache';

// `npm start` (through scripts/start.mjs): check the settings, build when the build is missing or
// older than the code, then serve Next behind the serving edge (server/edge.ts), until a signal.

const root = process.cwd();

function fail(message: string): never {
  console.error(`margin: ${message}`);
  process.exit(1);
}

type StartOutcome = { ok: true } | { ok: false; message: string };

/**
 * Next runs instrumentation.ts (which opens the database) in the background once the handler is
 * made, and serves 500s if it fails: listen only once it has succeeded.
 */
async function appStarted(): Promise<StartOutcome> {
  const holder = globalThis as { marginStartOutcome?: StartOutcome };
  for (let waited = 0; waited < 120_000; waited += 25) {
    if (holder.marginStartOutcome) return holder.marginStartOutcome;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { ok: false, message: 'the app did not finish starting within 2 minutes (instrumentation.ts).' };
}

async function serve(config: Config) {
  forgetPagesOfAnotherDatabase(path.join(root, '.next'), config.database);
  // Before Next loads: instrumentation.ts then leaves the stamping to the edge.
  claimClientStamping();
  Object.assign(process.env, { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const outcome = await appStarted();
  if (!outcome.ok) fail(outcome.message);

  const server = http.createServer(
    timeoutOptions(defaultConnectionLimits),
    createEdge({
      handle,
      trustedProxies: config.trustedProxies,
      sharedCacheSeconds: config.sharedCacheSeconds,
      pageCache: config.pageCache,
    }),
  );
  capConnectionsPerClient(server, defaultConnectionLimits, config.trustedProxies);
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      fail(`port ${config.port} is already in use. Stop the program using it, or choose another port: PORT=${config.port + 1} npm start`);
    }
    if (error.code === 'EACCES') fail(`port ${config.port} needs more privileges; choose a port above 1023 with PORT=…`);
    fail(error.message);
  });
  server.listen(config.port, () => {
    const cache = config.pageCache ? '' : ', page cache off';
    const { database } = config;
    const shown = database.kind === 'sqlite' ? path.relative(root, database.path) || database.path : databaseLabel(database);
    console.log(`margin: ready at http://localhost:${config.port} (database ${shown}${cache})`);
    console.log(`margin: ${describeMailDelivery(config)}`);
    // scripts/start.mjs starts a server again if it dies after this, not before.
    process.send?.({ margin: 'ready' });
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The supervisor is gone (killed without warning): no one would stop this server.
  process.on('disconnect', () => process.exit(0));
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (!ensureBuild(root)) fail('the build failed; see the messages above.');
if (!process.argv.includes('--build-only')) await serve(config);

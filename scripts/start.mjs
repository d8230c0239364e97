import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

// `npm start` runs scripts/server.ts as plain JavaScript: compiled here in a few milliseconds, so
// the server carries no TypeScript loader (tsx keeps a loader thread, about 30 MB, for the life of
// the process). Packages stay outside the bundle and load from node_modules as usual.

const outfile = path.join(process.cwd(), 'node_modules', '.cache', 'margin', 'server.mjs');
await build({
  entryPoints: [path.join(process.cwd(), 'scripts', 'server.ts')],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);

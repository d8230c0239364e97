import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';

// `npm start` runs server/main.ts as plain JavaScript: compiled here in a few milliseconds, so
// the server carries no TypeScript loader (tsx keeps a loader thread, about 50 MB, for the life of
// the process). Packages stay outside the bundle and load from node_modules as usual.

const folder = path.join(process.cwd(), 'node_modules', '.cache', 'margin');
// One file per process: two servers starting at once (tests and the bench) must not share one.
const outfile = path.join(folder, `server-${process.pid}.mjs`);

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Files left by servers that stopped without cleaning up (a configuration error exits at once).
for (const name of fs.existsSync(folder) ? fs.readdirSync(folder) : []) {
  const pid = Number(/^server-(\d+)\.mjs$/.exec(name)?.[1]);
  if (pid && !isRunning(pid)) fs.rmSync(path.join(folder, name), { force: true });
}

await build({
  entryPoints: [path.join(process.cwd(), 'server', 'main.ts')],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
// esbuild answers from a helper process of its own; it is not needed once the file is written.
await stop();
try {
  await import(pathToFileURL(outfile).href);
} finally {
  fs.rmSync(outfile, { force: true });
}

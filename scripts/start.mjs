import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { build, stop } from 'esbuild';

// `npm start` runs server/main.ts as plain JavaScript: compiled here in a few milliseconds, so
// the server carries no TypeScript loader (tsx keeps a loader thread, about 50 MB, for the life of
// the process). Packages stay outside the bundle and load from node_modules as usual. The server
// runs in a child of this process, which starts it again if it dies (supervise, below).

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

if (process.argv.includes('--build-only')) {
  try {
    await import(pathToFileURL(outfile).href);
  } finally {
    fs.rmSync(outfile, { force: true });
  }
} else {
  supervise();
}

/**
 * The server runs in a child process, started again whenever it dies once it has served (a crash,
 * the kernel's out-of-memory killer, a kill of it alone), and said so in the log; also when such a
 * restart fails at its start (a database away for a while), with a growing wait. One that stops
 * before it ever served (a wrong setting, a port in use, a database it cannot open) is not started
 * again: this process exits with its code. SIGTERM and SIGINT are passed on, and end both.
 */
function supervise() {
  let child;
  let stopping = false;
  let restarts = 0;
  let startedAt = 0;
  let served = false;
  const start = () => {
    startedAt = Date.now();
    child = spawn(process.execPath, [...process.execArgv, outfile, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => {
      if (message?.margin === 'ready') served = true;
    });
    child.on('exit', (code, signal) => {
      if (stopping || !served) {
        fs.rmSync(outfile, { force: true });
        process.exit(code ?? (signal ? 1 : 0));
      }
      // A server that keeps dying at once is started less and less often, at most every 30 s.
      restarts = Date.now() - startedAt < 10_000 ? restarts + 1 : 0;
      const wait = Math.min(30_000, 500 * 2 ** restarts);
      console.error(`margin: the server stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); starting it again in ${wait / 1000} s`);
      setTimeout(start, wait);
    });
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    process.on(signal, () => {
      stopping = true;
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      else process.exit(0);
    });
  }
  start();
}

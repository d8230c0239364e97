import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

// `npm start` builds the site when the build is missing or older than anything `next build` reads.
// server/build.test.ts makes every entry at the top of the repository be named here, as an input
// or not, so that a new folder the build reads cannot be forgotten.

/** What `next build` reads: the app and everything it imports, its settings and its dependencies. */
export const buildInputs = [
  'app',
  'components',
  'db',
  'lib',
  'server',
  'auth.ts',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  // Next loads these at build time (NEXT_PUBLIC_ values are written into the client code).
  '.env',
  '.env.local',
  '.env.production',
  '.env.production.local',
] as const;

/**
 * Entries the build does not read for its output. (Its type check reads every .ts file tsconfig
 * names, e2e/ and scripts/ too, but they change no byte of the build.)
 */
export const notBuildInputs = {
  '.ci': 'the CI script',
  '.dependency-cruiser.cjs': 'the layer check',
  '.env.example': 'documentation of the settings',
  '.gitignore': 'git',
  'README.md': 'documentation',
  'drizzle.config.ts': 'drizzle-kit, for generating migrations',
  'drizzle.postgres.config.ts': 'drizzle-kit, for generating the PostgreSQL migrations',
  e2e: 'browser tests',
  'eslint.config.mjs': 'ESLint (Next 16 builds without linting)',
  'playwright.config.ts': 'browser tests',
  scripts: 'commands: start, moderator, bench, test',
} as const;

function newestTime(root: string, entry: string): number {
  const full = path.join(root, entry);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestTime(root, path.join(entry, child)));
  return newest;
}

/** When the newest build input last changed (milliseconds). */
export function newestInputTime(root: string): number {
  return Math.max(...buildInputs.map((entry) => newestTime(root, entry)));
}

/** A build exists and nothing it reads changed after it was made. */
export function buildIsFresh(root: string): boolean {
  const buildId = fs.statSync(path.join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  return buildId !== undefined && buildId.mtimeMs >= newestInputTime(root);
}

/** Builds when needed; false when the build failed (Next printed why). */
export function ensureBuild(root: string): boolean {
  if (buildIsFresh(root)) return true;
  // Two servers started together must not both build into one .next: one builds, the other waits.
  return withBuildLock(root, () => {
    if (buildIsFresh(root)) return true;
    const first = !fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
    console.log(first ? 'margin: first start, building the site (about 20 s)…' : 'margin: the code changed since the last build; building again…');
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    return result.status === 0;
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `build` holding a lock (a file naming this process); waits while another live process holds it. */
export function withBuildLock<T>(root: string, build: () => T, waitMs = 250): T {
  const lock = path.join(root, 'node_modules', '.cache', 'margin', 'build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lock, { encoding: 'utf8', flag: 'a+' }));
      // A lock left by a process that died (or a file being written this instant: read again).
      if (holder > 0 && !isRunning(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (!told) console.log('margin: another server is building the site; waiting for it…');
      told = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
    }
  }
  try {
    return build();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

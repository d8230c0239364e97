import { spawn, type ChildProcess } from 'node:child_process';
import { e2eServerEnv } from '../../playwright.config';

// A second Margin server on the e2e database (the one Playwright started serves the same SQLite
// file or PostgreSQL database), as a second server would run: its own process, its own page cache,
// the same data folder and secret. Started in a process group of its own, so that it can be killed without warning.

export type SecondServer = { url: string; process: ChildProcess; log: () => string; kill(signal: NodeJS.Signals): Promise<void> };

const port = Number(process.env.E2E_PORT ?? 3917) + 1;

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

/** On the e2e database and its own address, unless told another database (its folder is its data folder) or SITE_URL. */
export async function startSecondServer(options: { database?: string; siteUrl?: string } = {}): Promise<SecondServer> {
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...e2eServerEnv(port),
      ...(options.database ? { DATABASE_URL: `file:${options.database}`, DATA_DIR: '' } : {}),
      ...(options.siteUrl ? { SITE_URL: options.siteUrl } : {}),
    },
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: SecondServer = {
    url,
    process: child,
    log: () => output,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid!, signal);
      await exited;
    },
  };
  const deadline = Date.now() + 60_000;
  while (!(await answers(`${url}/`))) {
    if (child.exitCode !== null) throw new Error(`the second server stopped at start:\n${output}`);
    if (Date.now() > deadline) {
      await server.kill('SIGKILL');
      throw new Error(`the second server did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return server;
}

import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// A PostgreSQL server of its own for a test or a developer: a new cluster in a temporary folder,
// on a free port of 127.0.0.1, removed whole by stop(), on a failed start, at exit and on Ctrl-C or
// SIGTERM. Node's built-ins only, so that tests, scripts and e2e can all use it.

export type ThrowawayPostgres = {
  /** postgres://postgres@127.0.0.1:PORT/margin (trust authentication: no password). */
  url: string;
  /** Shuts the server down (fast: open connections are ended) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
};

const run = promisify(execFile);
const postgresRoot = '/usr/lib/postgresql';
const databaseName = 'margin';

export class PostgresMissingError extends Error {}

/** The newest of Debian's PostgreSQL versions installed (`/usr/lib/postgresql/VERSION/bin`). */
export function findPostgresBin(): string {
  const versions = fs.existsSync(postgresRoot)
    ? fs
        .readdirSync(postgresRoot)
        .filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(postgresRoot, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new PostgresMissingError(
      `PostgreSQL's programs are not in ${postgresRoot}/*/bin: install Debian's postgresql (apt-get install postgresql).`,
    );
  }
  return path.join(postgresRoot, versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root: as root, the server's programs run as the `postgres` user. */
function asServerUser(): { prefix: string[]; owner: { uid: number; gid: number } | null } {
  if (process.getuid?.() !== 0) return { prefix: [], owner: null };
  const entry = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!entry) throw new PostgresMissingError('There is no `postgres` user to run the server as: apt-get install postgresql.');
  return { prefix: ['runuser', '-u', 'postgres', '--'], owner: { uid: Number(entry[2]), gid: Number(entry[3]) } };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const live = new Set<() => void>();

function stopAllNow(): void {
  for (const stopNow of [...live]) stopNow();
}

function onSignal(signal: NodeJS.Signals): void {
  stopAllNow();
  // Die of the same signal, as if no handler had been installed.
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  process.kill(process.pid, signal);
}

function watchProcess(): void {
  if (live.size > 0) return;
  process.on('exit', stopAllNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function unwatchProcess(): void {
  if (live.size > 0) return;
  process.removeListener('exit', stopAllNow);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

/** Starts a new, empty cluster with one database, `margin`. Throws PostgresMissingError without Debian's postgresql. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  const { prefix, owner } = asServerUser();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'margin-postgres-'));
  if (owner) fs.chownSync(folder, owner.uid, owner.gid);
  const data = path.join(folder, 'data');
  const log = path.join(folder, 'server.log');
  const serverCommand = (program: string, ...args: string[]): [string, string[]] => {
    const [command, ...rest] = [...prefix, path.join(bin, program), ...args];
    return [command!, rest];
  };

  // Synchronous, so that it also works in an exit handler: a fast shutdown, then the folder goes.
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    live.delete(stopNow);
    unwatchProcess();
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
      spawnSync(...serverCommand('pg_ctl', 'stop', '-D', data, '-m', 'fast', '-w', '-t', '20'), { stdio: 'ignore' });
      killLeftover(data);
    }
    fs.rmSync(folder, { recursive: true, force: true });
  };
  watchProcess();
  live.add(stopNow);

  try {
    await run(...serverCommand('initdb', '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'));
    // A test server: nothing here needs to survive a crash of the machine.
    const settings = ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off', `unix_socket_directories = '${folder}'`];
    fs.appendFileSync(path.join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
    const port = await startOnFreePort(serverCommand, data, log);
    const url = `postgres://postgres@127.0.0.1:${port}/${databaseName}`;
    await run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', databaseName]);
    return { url, stop: async () => stopNow() };
  } catch (error) {
    const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').slice(-10).join('\n') : '';
    stopNow();
    const detail = error instanceof Error ? (error as Error & { stderr?: string }).stderr?.trim() || error.message : String(error);
    throw new Error(`The throwaway PostgreSQL did not start: ${detail}${serverLog ? `\n${serverLog}` : ''}`, { cause: error });
  }
}

/** Another process may take the port between our look and the server's start: then try another. */
async function startOnFreePort(
  serverCommand: (program: string, ...args: string[]) => [string, string[]],
  data: string,
  log: string,
  attempts = 3,
): Promise<number> {
  const port = await freePort();
  try {
    await run(
      ...serverCommand('pg_ctl', 'start', '-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -h 127.0.0.1`),
    );
    return port;
  } catch (error) {
    const portTaken = fs.existsSync(log) && /could not bind|already in use/i.test(fs.readFileSync(log, 'utf8'));
    if (attempts <= 1 || !portTaken) throw error;
    return startOnFreePort(serverCommand, data, log, attempts - 1);
  }
}

/** If pg_ctl could not stop the server, end it by the process id it wrote (an immediate shutdown). */
function killLeftover(data: string): void {
  const pidFile = path.join(data, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    // Already gone.
  }
}

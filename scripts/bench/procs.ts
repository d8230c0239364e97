import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { log } from './ui';

// Every process the bench starts in a group of its own is registered here and its whole group is
// killed at the end, on errors and on Ctrl-C (TOOLCHAIN P5: a killed parent can orphan a listener).

const groups = new Set<number>();

export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export async function stopGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  groups.delete(pid);
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(pid, 'SIGKILL'); // stragglers of an exited leader
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(pid, 'SIGTERM');
  const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([exited, timer]);
  killGroup(pid, 'SIGKILL');
}

/**
 * Processes that leave our groups on purpose (chrome-launcher starts chromium detached) are found
 * by a marker in their command line, and their own group is killed.
 */
const markers = new Set<string>();
export function registerMarker(marker: string): void {
  markers.add(marker);
}
export function killMarked(marker: string): number {
  let killed = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!cmdline.includes(marker)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid > 1 && pgid !== process.pid) killGroup(pgid, 'SIGKILL');
      else process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return killed;
}

export function cleanupAll(): void {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  groups.clear();
  for (const marker of markers) killMarked(marker);
}

let handlersInstalled = false;
export function installExitHandlers(extra: () => void): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\nbench: ${signal}, stopping what the bench started…`);
    cleanupAll();
    extra();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', () => cleanupAll());
}

/** Starts a command as the leader of a new process group (setsid-like: detached). */
export function spawnGroup(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string },
): ChildProcess {
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  if (typeof out === 'number') fs.closeSync(out);
  if (child.pid) groups.add(child.pid);
  return child;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logFile?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = logFile ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`the server exited with code ${child.exitCode} before it was ready.\n${tail}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Every pid in a process group (from /proc), for RSS sampling. */
export function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name "(…)": state ppid pgrp …
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) === pgid) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples the server group's memory: the highest VmHWM of its processes (the server, not npm
 * start's small supervisor, which leads the group) and the group's summed VmRSS.
 */
export function memorySampler(pgid: number, everyMs = 250) {
  let peakGroupRssKb = 0;
  let serverHwmKb = 0;
  let processes = 1;
  const sample = () => {
    const pids = groupPids(pgid);
    processes = Math.max(processes, pids.length);
    let sum = 0;
    for (const pid of pids) {
      sum += statusKb(pid, 'VmRSS');
      serverHwmKb = Math.max(serverHwmKb, statusKb(pid, 'VmHWM'));
    }
    peakGroupRssKb = Math.max(peakGroupRssKb, sum);
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  sample();
  return {
    sample,
    read() {
      sample();
      return { serverHwmMb: serverHwmKb / 1024, peakGroupRssMb: peakGroupRssKb / 1024, processes };
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/**
 * CPU time (user + system) of a process group the bench started: npm start's supervisor and the
 * server it runs as its child, whose time the supervisor's own counters do not hold.
 */
export function cpuMs(groupLeader: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // pgid is field 5 of stat; utime and stime are fields 14 and 15, in clock ticks (100 a second).
      if (Number(rest[2]) === groupLeader) ticks += Number(rest[11]) + Number(rest[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return ticks * 10;
}

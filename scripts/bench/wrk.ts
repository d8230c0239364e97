import { spawn } from 'node:child_process';
import fs from 'node:fs';

// Runs wrk (Debian package) and reads its --latency summary.

export type LoadResult = {
  rps: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
};

export function findWrk(): string | null {
  for (const candidate of ['/usr/bin/wrk', '/usr/local/bin/wrk']) if (fs.existsSync(candidate)) return candidate;
  return null;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  if (unit === 'us') return n / 1000;
  if (unit === 's') return n * 1000;
  if (unit === 'm') return n * 60_000;
  return n; // ms
}

function toBytes(value: string, unit: string): number {
  const n = Number(value);
  const scale: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
  return n * (scale[unit] ?? 1);
}

export function parseWrk(output: string): LoadResult {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN);
  const reqLine = /(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/.exec(output);
  const requests = reqLine ? Number(reqLine[1]) : 0;
  const bytes = reqLine ? toBytes(reqLine[2]!, reqLine[3]!) : 0;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  return {
    rps,
    p50: pct('50'),
    p75: pct('75'),
    p90: pct('90'),
    p99: pct('99'),
    requests,
    errors,
    non2xx,
    bytesPerResponse: requests ? bytes / requests : 0,
  };
}

export function runWrk(
  wrk: string,
  url: string,
  options: { threads: number; connections: number; seconds: number; headers: Record<string, string>; script?: string },
): Promise<LoadResult & { raw: string }> {
  const args = [`-t${options.threads}`, `-c${options.connections}`, `-d${options.seconds}s`, '--latency', '--timeout', '10s'];
  if (options.script) args.push('-s', options.script);
  for (const [name, value] of Object.entries(options.headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    // Not detached: Ctrl-C reaches wrk with the rest of the foreground group.
    const child = spawn(wrk, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), (options.seconds + 30) * 1000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (code !== 0) return reject(new Error(`wrk exited with ${code}: ${out}`));
      resolve({ ...parseWrk(out), raw: out });
    });
  });
}

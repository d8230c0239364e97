import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { copyToPostgres } from '../../db/copy-to-postgres';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../db/postgres/throwaway-cluster';
import { decoded, median, request } from './http';
import { commentFormOf, postLoad } from './post-load';
import { freePort, spawnGroup, stopGroup, waitForHttp } from './procs';
import type { SeedResult } from './seed';
import { approveUntilVisible, signIn } from './staff';
import { log, progress, timed } from './ui';
import { runWrk } from './wrk';

// `npm run bench -- --postgres`: two Margin servers on one database, the same synthetic site on
// SQLite (one file, one machine) and on PostgreSQL (a throwaway server on this machine), side by
// side: the hot article from each server's page cache, posts sent to both at once (stored equals
// acknowledged), and an approval on server A until server B's public page shows it.

export type SeveralServersOptions = {
  tmp: string;
  /** The seeded SQLite site (scripts/bench/seed.ts): each database starts from a copy of it. */
  seededFile: string;
  seeded: SeedResult;
  secret: string;
  admin: { email: string; password: string };
  runId: string;
  wrk: string;
  start: { env: Record<string, string>; args: string[] };
  duration: number;
  connections: number;
  approvals: number;
};

type DatabaseRun = {
  database: 'SQLite' | 'PostgreSQL';
  hotA: number;
  hotB: number;
  hotP99: number;
  posts: number;
  postP50: number;
  acknowledged: number;
  stored: number;
  approveToOtherMs: number[];
};

type Site = { url: string; count(marker: string): Promise<number>; stop(): Promise<void> };

async function sqliteSite(options: SeveralServersOptions): Promise<Site> {
  const file = path.join(options.tmp, 'several-sqlite', 'margin.db');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(options.seededFile, file);
  return {
    url: `file:${file}`,
    async count(marker) {
      const sqlite = new Database(file, { readonly: true });
      try {
        return (sqlite.prepare('select count(*) as n from comments where body like ?').get(`${marker} %`) as { n: number }).n;
      } finally {
        sqlite.close();
      }
    },
    stop: async () => {},
  };
}

async function postgresSite(options: SeveralServersOptions): Promise<Site> {
  const cluster: ThrowawayPostgres = await startThrowawayPostgres();
  await copyToPostgres({ from: options.seededFile, to: cluster.url, progress: (table, total) => progress(`copying ${table}`, total) });
  return {
    url: cluster.url,
    async count(marker) {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('select count(*) as n from comments where body like $1', [`${marker} %`]);
        return Number(rows[0]!.n);
      } finally {
        await client.end();
      }
    },
    stop: () => cluster.stop(),
  };
}

async function runOn(database: DatabaseRun['database'], options: SeveralServersOptions): Promise<DatabaseRun> {
  log(`bench: ${database}: preparing the same site…`);
  const site = database === 'SQLite' ? await sqliteSite(options) : await postgresSite(options);
  const dataDirectory = path.join(options.tmp, `several-data-${database}`);
  const env = (port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    ...options.start.env,
    PORT: String(port),
    DATABASE_URL: site.url,
    DATA_DIR: dataDirectory,
    AUTH_SECRET: options.secret,
    SITE_URL: `http://127.0.0.1:${port}`,
    AUTH_URL: `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
  });
  const servers: ReturnType<typeof spawnGroup>[] = [];
  try {
    const added = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/accounts.ts', 'add', options.admin.email, '--password', options.admin.password, '--role', 'admin'], {
      encoding: 'utf8',
      env: env(1),
    });
    if (added.status !== 0) throw new Error(`could not add the bench admin: ${added.stderr}`);

    const bases: string[] = [];
    for (const name of ['a', 'b']) {
      const port = await freePort();
      const logFile = path.join(options.tmp, `several-${database}-${name}.log`);
      const server = spawnGroup(process.execPath, options.start.args, { env: env(port), logFile });
      servers.push(server);
      await waitForHttp(`http://127.0.0.1:${port}/api/form-token?article=1`, server, 90_000, logFile);
      bases.push(`http://127.0.0.1:${port}`);
    }
    const [a, b] = bases as [string, string];
    log(`bench: ${database}: servers A ${a} and B ${b} ready`);

    const hotPath = `/articles/${options.seeded.hot.slug}`;
    const hot: number[] = [];
    let hotP99 = 0;
    for (const [name, base] of [
      ['A', a],
      ['B', b],
    ] as const) {
      for (let tries = 0; tries < 100 && (await request(`${base}${hotPath}`)).headers['x-margin-cache'] !== 'HIT'; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const line = timed(`${database}: hot article on server ${name}, gzip/br`, options.duration);
      const result = await runWrk(options.wrk, `${base}${hotPath}`, {
        threads: Math.min(2, options.connections),
        connections: options.connections,
        seconds: options.duration,
        headers: { 'Accept-Encoding': 'gzip, br' },
      });
      hot.push(result.rps);
      hotP99 = Math.max(hotP99, result.p99);
      line.done(`${result.rps.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms${result.non2xx ? `, ${result.non2xx} non-2xx` : ''}`);
    }

    // Posts to both servers at once: half the connections each.
    const marker = `bench-several ${options.runId} ${database}`;
    const forms = await Promise.all(
      [a, b].map(async (base) => commentFormOf(decoded(await request(`${base}${hotPath}`, { headers: { 'Accept-Encoding': 'gzip' } })), `${base}${hotPath}`)),
    );
    const each = Math.max(1, Math.floor(options.connections / 2));
    const warmUp = timed(`${database}: warming up the posting path on both (not measured)`, 3);
    const warm = await Promise.all([a, b].map((base, i) => postLoad({ base, form: forms[i]!, articleId: options.seeded.hot.id, connections: each, seconds: 3, marker: `${marker} warm-${i}` })));
    warmUp.done(`${warm.reduce((sum, r) => sum + r.acknowledged, 0)} comments`);
    const line = timed(`${database}: posting comments to A and B at once (no-JS form)`, options.duration);
    const posted = await Promise.all(
      [a, b].map((base, i) => postLoad({ base, form: forms[i]!, articleId: options.seeded.hot.id, connections: each, seconds: options.duration, marker: `${marker} ${i}` })),
    );
    const rps = posted.reduce((sum, r) => sum + r.rps, 0);
    const postP50 = median(posted.map((r) => r.p50));
    line.done(`${rps.toFixed(0)} comments/s, p50 ${postP50.toFixed(1)} ms, statuses ${JSON.stringify(posted.map((r) => r.statuses))}`);
    const acknowledged = [...warm, ...posted].reduce((sum, r) => sum + r.acknowledged, 0);
    const stored = await site.count(marker);
    log(`bench: ${database}: posts acknowledged ${acknowledged}, stored ${stored}`);

    const adminCookie = await signIn(a, options.admin);
    const bar = progress(`${database}: approve on A → public on B`, options.approvals);
    const approvals: number[] = [];
    for (let i = 0; i < options.approvals; i++) {
      const timing = await approveUntilVisible({
        staffBase: a,
        readerBase: b,
        adminCookie,
        article: options.seeded.quiet,
        text: `bench approval across servers ${options.runId} ${database} ${i}: please approve me.`,
      });
      approvals.push(timing.visibleMs);
      bar.update(i + 1);
    }
    bar.done(`median ${median(approvals).toFixed(0)} ms`);
    return { database, hotA: hot[0]!, hotB: hot[1]!, hotP99, posts: rps, postP50, acknowledged, stored, approveToOtherMs: approvals };
  } finally {
    for (const server of servers) await stopGroup(server);
    await site.stop();
  }
}

export async function benchSeveralServers(options: SeveralServersOptions): Promise<DatabaseRun[]> {
  const runs = [await runOn('SQLite', options), await runOn('PostgreSQL', options)];
  const rows: [string, (run: DatabaseRun) => string, string][] = [
    ['hot article from the page cache, server A (req/s)', (run) => run.hotA.toFixed(0), ''],
    ['hot article from the page cache, server B (req/s)', (run) => run.hotB.toFixed(0), ''],
    ['hot article p99, worse server (ms)', (run) => run.hotP99.toFixed(1), ''],
    ['posts across A and B (comments/s)', (run) => run.posts.toFixed(0), 'PostgreSQL ≥ SQLite'],
    ['post p50 (ms)', (run) => run.postP50.toFixed(1), ''],
    ['stored − acknowledged', (run) => String(run.stored - run.acknowledged), '0'],
    ['approve on A → public on B, median (ms)', (run) => median(run.approveToOtherMs).toFixed(0), '< 1000'],
    ['approve on A → public on B, slowest (ms)', (run) => Math.max(...run.approveToOtherMs).toFixed(0), ''],
  ];
  const widths = [52, 10, 12, 20];
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' ').trimEnd();
  console.log('');
  console.log(`Two servers on one database · ${options.duration} s per phase, ${options.connections} connections`);
  console.log(line(['figure', 'SQLite', 'PostgreSQL', 'target']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const [name, value, target] of rows) console.log(line([name, ...runs.map(value), target]));
  return runs;
}

import fs from 'node:fs';
import path from 'node:path';
import { chromiumArgs, chromiumPath } from '../../e2e/support/chromium';
import { freePort, killMarked, registerMarker, spawnGroup, stopGroup } from './procs';

// Lighthouse 13 (devDependency) with Debian's chromium, in a process group of its own so that no
// chromium outlives the bench.

export type LighthouseScores = {
  performance: number;
  accessibility: number;
  'best-practices': number;
  seo: number;
  failedAudits: string[];
  metrics: Record<string, number>;
};

const chromeFlags = ['--headless=new', ...chromiumArgs].join(' ');

export async function runLighthouse(url: string, outDir: string, timeoutMs = 120_000): Promise<LighthouseScores> {
  const cli = path.join(process.cwd(), 'node_modules', 'lighthouse', 'cli', 'index.js');
  if (!fs.existsSync(cli)) throw new Error('lighthouse is not installed (npm install)');
  const chrome = chromiumPath;
  if (!fs.existsSync(chrome)) throw new Error(`no chromium at ${chrome} (apt-get install chromium, or set CHROME_PATH)`);
  const output = path.join(outDir, 'lighthouse.json');
  const logFile = path.join(outDir, 'lighthouse.log');
  fs.rmSync(output, { force: true });
  // chrome-launcher starts chromium in a group of its own; its debugging port marks it as ours.
  const port = await freePort();
  const marker = `--remote-debugging-port=${port}`;
  registerMarker(marker);
  const child = spawnGroup(
    process.execPath,
    [
      cli,
      url,
      '--quiet',
      `--port=${port}`,
      '--output=json',
      `--output-path=${output}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      `--chrome-flags=${chromeFlags}`,
    ],
    { env: { ...process.env, CHROME_PATH: chrome }, logFile },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  const result = await Promise.race([exited, timer]);
  await stopGroup(child, 500);
  killMarked(marker);
  if (result === 'timeout') throw new Error(`lighthouse took longer than ${timeoutMs / 1000} s`);
  if (!fs.existsSync(output)) throw new Error(`lighthouse wrote no report (exit ${result}); see ${logFile}`);
  const report = JSON.parse(fs.readFileSync(output, 'utf8')) as {
    categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
    audits: Record<string, { score: number | null; title: string; numericValue?: number; scoreDisplayMode: string }>;
  };
  const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
  const failedAudits: string[] = [];
  for (const [categoryId, category] of Object.entries(report.categories)) {
    for (const ref of category.auditRefs) {
      const audit = report.audits[ref.id];
      if (audit && ref.weight > 0 && audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative') {
        failedAudits.push(`${categoryId}: ${ref.id} (${Math.round(audit.score * 100)})`);
      }
    }
  }
  const metrics: Record<string, number> = {};
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']) {
    const value = report.audits[id]?.numericValue;
    if (value !== undefined) metrics[id] = Math.round(value * 1000) / 1000;
  }
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    'best-practices': score('best-practices'),
    seo: score('seo'),
    failedAudits,
    metrics,
  };
}

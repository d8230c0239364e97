import { parseArgs } from 'node:util';
import { ConfigError, sqliteFilePath } from '../lib/config';
import { CopyCheckError, CopyError, type CopyReport, copyToPostgres } from '../db/copy-to-postgres';
import { log, progress } from './bench/ui';

// `npm run db:copy -- --from file:data/margin.db --to postgres://…`: a whole site from its SQLite
// file into a new, empty PostgreSQL database (db/copy-to-postgres.ts), with a line per table on
// stderr and the row counts of both compared at the end.

const usage = 'Usage: npm run db:copy -- --from file:data/margin.db --to postgres://USER:PASSWORD@HOST:5432/DATABASE';

function fail(message: string): never {
  console.error(`db:copy: ${message}`);
  process.exit(1);
}

function readArguments(): { from: string; to: string } {
  let values;
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const missing = ['--from', '--to'].filter((name) => !values[name.slice(2) as 'from' | 'to']);
  if (missing.length > 0) fail(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing.\n${usage}`);
  if (!/^postgres(ql)?:\/\//.test(values.to!)) fail(`--to must be a postgres:// or postgresql:// URL, not "${values.to}".`);
  try {
    return { from: sqliteFilePath(values.from!, '--from'), to: values.to! };
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

function printCounts(report: CopyReport): void {
  const rows = [
    ...report.tables.map((t) => ({ name: t.table, ...t })),
    ...report.commentCounts.map((c) => ({ name: `comment_counts '${c.tab}'`, ...c })),
  ];
  const width = Math.max(...rows.map(({ name }) => name.length));
  const line = (name: string, a: string, b: string, mark = '') => `  ${name.padEnd(width)}  ${a.padStart(10)}  ${b.padStart(10)}${mark}`;
  log(line('table', 'SQLite', 'PostgreSQL'));
  for (const { name, sqlite, postgres } of rows) {
    log(line(name, String(sqlite), String(postgres), sqlite === postgres ? '' : '  differs'));
  }
}

const { from, to } = readArguments();
const labelWidth = 22;
try {
  log(`db:copy: from ${from}`);
  const report = await copyToPostgres({
    from,
    to,
    progress: (table, total) => progress(table.padEnd(labelWidth), total, { unit: 'rows' }),
  });
  printCounts(report);
  const rate = Math.round(report.rows / report.seconds).toLocaleString('en');
  log(`db:copy: ${report.rows} rows copied in ${report.seconds.toFixed(1)} s (${rate} rows/s); every count matches.`);
} catch (error) {
  if (error instanceof CopyCheckError) printCounts(error.report);
  if (error instanceof CopyError) fail(error.message);
  throw error;
}

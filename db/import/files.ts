import 'server-only';
import fs from 'node:fs';
import type { CommentStatus } from '@/lib/comments';

// What the imports (wordpress.ts, disqus.ts) share: the file, read as a stream, and the report's lists.

/** A plain-language error about the command's input (a missing file): printed, never a stack trace. */
export class ImportInputError extends Error {}

/** Where in the file a report entry comes from: the line, and the post's number in the export. */
export type Where = { line: number; post?: string };

export function openFile(file: string): { size: number } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ImportInputError(`there is no file at ${file}.`);
  }
  if (!stat.isFile()) throw new ImportInputError(`${file} is not a file.`);
  return { size: stat.size };
}

export function chunksOf(file: string): AsyncIterable<Buffer> {
  return fs.createReadStream(file, { highWaterMark: 256 * 1024 });
}

export const whereText = (where: Where) => `line ${where.line}${where.post ? ` (post ${where.post})` : ''}`;

/** Adds a titled list to a report, a big site's kept readable: the first hundred, then how many more. */
export function addList(lines: string[], title: string, entries: string[]): void {
  if (!entries.length) return;
  lines.push(`${title} (${entries.length}):`, ...entries.slice(0, 100).map((entry) => `  ${entry}`));
  if (entries.length > 100) lines.push(`  … and ${entries.length - 100} more`);
}

/** What every import's report holds: the source, comments by status, what was skipped and why, warnings, choices and figures. */
export type ReportBase = {
  source: string;
  dryRun: boolean;
  comments: { added: Record<CommentStatus, number>; alreadyImported: number };
  skipped: { reason: string; where: Where }[];
  warnings: { message: string; where: Where }[];
  choices: string[];
  bytes: number;
  seconds: number;
  commentsPerSecond: number;
  peakMemoryMb: number;
};
type Timed = Pick<ReportBase, 'bytes' | 'seconds' | 'commentsPerSecond' | 'peakMemoryMb' | 'comments'>;

/** Fills in a finished import's figures: size, time, comments per second, peak memory (the largest resident size seen, or the process's own record). */
export function finishReport(report: Timed, size: number, started: number, peakRss: number): void {
  report.bytes = size;
  report.seconds = (performance.now() - started) / 1000;
  const added = Object.values(report.comments.added).reduce((a, b) => a + b, 0);
  report.commentsPerSecond = report.seconds > 0 ? Math.round((added + report.comments.alreadyImported) / report.seconds) : 0;
  report.peakMemoryMb = Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024);
}

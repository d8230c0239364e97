import fs from 'node:fs';
import path from 'node:path';

// A disk that is nearly full fails writes halfway: a server refuses to start on one, and /healthz
// reports it, before readers' comments start failing.

/** Below this, the data folder's disk counts as full. */
export const minimumFreeBytes = 100 * 1024 * 1024;

/** Free bytes on the disk holding `folder` (its nearest existing parent), for an unprivileged user. */
export function freeBytes(folder: string): number {
  let existing = folder;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const stats = fs.statfsSync(existing);
  return stats.bavail * stats.bsize;
}

/** A plain sentence when the disk is nearly full, else null. */
export function diskSpaceProblem(folder: string, free = freeBytes(folder)): string | null {
  if (free >= minimumFreeBytes) return null;
  return `only ${Math.floor(free / (1024 * 1024))} MB are free on the disk of ${folder}; Margin needs at least ${minimumFreeBytes / (1024 * 1024)} MB to store comments safely. Free some space.`;
}

import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataFiles, loadConfig } from './config';

// The one-time link that creates the first admin. It lives in the data folder only while no
// account exists, and is printed to the server log on start.

function tokenFile(): string {
  return path.join(loadConfig().dataDirectory, dataFiles.setupToken);
}

export function ensureSetupToken(): string {
  const file = tokenFile();
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, crypto.randomBytes(24).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch {
      // Another server starting on the same data folder wrote it first: one link for all.
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}

export function isSetupToken(candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  let expected: string;
  try {
    expected = fs.readFileSync(tokenFile(), 'utf8').trim();
  } catch {
    return false;
  }
  const a = Buffer.from(candidate);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function removeSetupToken(): void {
  fs.rmSync(tokenFile(), { force: true });
}

import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataFiles, loadConfig } from './config';

let cached: string | undefined;

/**
 * AUTH_SECRET when set; otherwise a random secret kept in the data folder, made on first start,
 * so sessions and avatar keys survive restarts without any set-up.
 */
export function getServerSecret(): string {
  if (cached) return cached;
  const config = loadConfig();
  if (config.authSecret) return (cached = config.authSecret);
  const file = path.join(config.dataDirectory, dataFiles.authSecret);
  try {
    cached = fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDirectory, { recursive: true, mode: 0o700 });
    const secret = crypto.randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
      if (process.env.NODE_ENV === 'production') {
        console.warn(`[margin] AUTH_SECRET is not set: generated one in ${file}. Set AUTH_SECRET in production.`);
      }
    } catch {
      // Another process wrote it first; read theirs.
    }
    cached = fs.readFileSync(file, 'utf8').trim();
  }
  return cached;
}

export function keyedHash(purpose: string, value: string): string {
  return crypto.createHmac('sha256', getServerSecret()).update(`${purpose}\0${value}`).digest('hex');
}

import path from 'node:path';
import { isIpAddress } from './ip-range';

// The one reader of Margin's environment. Scripts import it too, so it stays free of server-only.

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Where the site's data lives: an SQLite file, or a PostgreSQL server. */
export type DatabaseSetting = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export type Config = {
  port: number;
  database: DatabaseSetting;
  /** The data folder (secret, setup token, images): the SQLite file's folder, or DATA_DIR on PostgreSQL. */
  dataDirectory: string;
  authSecret: string | undefined;
  siteUrl: string;
  /** Proxies whose X-Forwarded-For is believed; empty: the connection's address is the client. */
  trustedProxies: { address: string; prefixBits: number | null }[];
  /** How long nginx or a CDN may keep a public page: a moderator's decision reaches readers within this. */
  sharedCacheSeconds: number;
  /** Margin's own page cache in front of Next; off sends every page to Next (for measuring). */
  pageCache: boolean;
};

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 1 to 65535, not "${value}".`);
  }
  return port;
}

/** DATABASE_URL alone: the data layer chooses its dialect by this before anything else is read. */
export function readDatabaseSetting(value: string | undefined = process.env.DATABASE_URL): DatabaseSetting {
  const url = value === undefined || value === '' ? 'file:data/margin.db' : value;
  if (/^postgres(ql)?:/.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL must be a PostgreSQL address such as "postgres://user:password@host:5432/margin", not "${url}".`);
    }
    return { kind: 'postgres', url };
  }
  return { kind: 'sqlite', path: sqliteFilePath(url, 'DATABASE_URL') };
}

/**
 * The database as the operator may see it in logs and markers: the SQLite file's path, or the
 * PostgreSQL address without its password.
 */
export function databaseLabel(database: DatabaseSetting): string {
  if (database.kind === 'sqlite') return database.path;
  const url = new URL(database.url);
  url.password = '';
  return url.toString();
}

function readDataDirectory(value: string | undefined, database: DatabaseSetting): string {
  if (database.kind === 'sqlite') return path.dirname(database.path);
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), value === undefined || value === '' ? 'data' : value);
}

/** The absolute path of the SQLite file a `file:` URL names; `setting` names it in the message. */
export function sqliteFilePath(url: string, setting: string): string {
  if (!url.startsWith('file:')) {
    throw new ConfigError(`${setting} must name an SQLite file such as "file:data/margin.db", not "${url}".`);
  }
  const file = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (file === '' || file === ':memory:') {
    throw new ConfigError(`${setting} must name an SQLite file on disk, such as "file:data/margin.db".`);
  }
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), file);
}

function readAuthSecret(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 32) {
    throw new ConfigError('AUTH_SECRET must be at least 32 characters long; leave it unset to have one generated.');
  }
  return value;
}

function readSiteUrl(value: string | undefined, port: number): string {
  const url = value === undefined || value === '' ? `http://localhost:${port}` : value;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`SITE_URL must be a full address such as "https://news.example", not "${url}".`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`SITE_URL must start with http:// or https://, not "${url}".`);
  }
  return parsed.origin;
}

function readTrustedProxies(value: string | undefined): Config['trustedProxies'] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const [address = '', bits] = entry.trim().split('/');
    const prefixBits = bits === undefined ? null : Number(bits);
    if (!isIpAddress(address) || (prefixBits !== null && (!Number.isInteger(prefixBits) || prefixBits < 0 || prefixBits > 128))) {
      throw new ConfigError(
        `TRUSTED_PROXIES must list addresses or ranges separated by commas, such as "127.0.0.1,10.0.0.0/8", not "${entry.trim()}".`,
      );
    }
    return { address, prefixBits };
  });
}

function readSharedCacheSeconds(value: string | undefined): number {
  if (value === undefined || value === '') return 60;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new ConfigError(`SHARED_CACHE_SECONDS must be a whole number of seconds from 0 to 86400, not "${value}".`);
  }
  return seconds;
}

function readPageCache(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new ConfigError(`MARGIN_PAGE_CACHE must be "on" or "off", not "${value}".`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = readPort(env.PORT);
  const database = readDatabaseSetting(env.DATABASE_URL);
  return {
    port,
    database,
    dataDirectory: readDataDirectory(env.DATA_DIR, database),
    authSecret: readAuthSecret(env.AUTH_SECRET),
    siteUrl: readSiteUrl(env.SITE_URL, port),
    trustedProxies: readTrustedProxies(env.TRUSTED_PROXIES),
    sharedCacheSeconds: readSharedCacheSeconds(env.SHARED_CACHE_SECONDS),
    pageCache: readPageCache(env.MARGIN_PAGE_CACHE),
  };
}

/** Files Margin keeps beside the database. */
export const dataFiles = { authSecret: 'auth-secret', setupToken: 'setup-token' } as const;

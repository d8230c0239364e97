import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ConfigError, loadConfig, type Config } from '../lib/config';
import { clientAddress } from '../lib/client-address';
import { getCachedPage, pageCacheGeneration, putCachedPage, type CachedPage } from './page-cache';
import { bodyLimitFor } from './body-limit';

// `npm start`: check the settings, build when the build is missing or older than the code, then
// serve. Margin's own server stamps each request with the connection's address, so no client can
// choose the address that rate limits and moderators see.

const root = process.cwd();
const sources = ['app', 'components', 'db', 'lib', 'server', 'auth.ts', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];

function fail(message: string): never {
  console.error(`margin: ${message}`);
  process.exit(1);
}

function newestSourceTime(entry: string): number {
  const full = path.join(root, entry);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestSourceTime(path.join(entry, child)));
  return newest;
}

function ensureBuild() {
  const buildId = fs.statSync(path.join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  const newest = Math.max(...sources.map(newestSourceTime));
  if (buildId && buildId.mtimeMs >= newest) return;
  console.log(buildId ? 'margin: the code changed since the last build; building again…' : 'margin: first start, building the site (about 20 s)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) fail('the build failed; see the messages above.');
}

const tooLargePage = `<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Too long to send · Margin</title>
<main style="max-width:36rem;margin:3rem auto;font:1.1rem/1.5 Georgia,serif;padding:0 1rem">
<h1>Too long to send</h1><p>What you sent is over 64 KB, more than any comment can be (5,000 characters).
Go back with your browser's Back button: your text is still in the form, ready to shorten.</p></main></html>`;

function sharedCacheControl(seconds: number): string {
  return `public, max-age=0, s-maxage=${seconds}, stale-while-revalidate=${seconds}`;
}

/**
 * Next's own cache keeps public pages until a moderation event revalidates them, and says so with
 * s-maxage=31536000. A cache in front of us (nginx, a CDN) hears of no such event, so it gets a
 * short lifetime instead. Private and no-store responses pass unchanged.
 */
function shortenSharedCaching(response: http.ServerResponse, seconds: number) {
  const setHeader = response.setHeader.bind(response);
  response.setHeader = (name, value) => {
    if (name.toLowerCase() === 'cache-control' && /\bs-maxage=/.test(String(value)) && !/\bprivate\b/.test(String(value))) {
      value = sharedCacheControl(seconds);
    }
    return setHeader(name, value);
  };
}

/**
 * Next keeps rendered pages in .next/server/route-cache across restarts. They belong to one
 * database: a new or different database file must not be served another one's pages.
 */
function forgetPagesOfAnotherDatabase(databasePath: string) {
  const cache = path.join(root, '.next', 'server', 'route-cache');
  const marker = path.join(root, '.next', 'server', 'route-cache.database');
  const known = fs.existsSync(databasePath) && fs.readFileSync(marker, { encoding: 'utf8', flag: 'a+' }) === databasePath;
  if (!known) fs.rmSync(cache, { recursive: true, force: true });
  fs.writeFileSync(marker, databasePath);
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/**
 * The front page is the same for every reader, but Next renders it on each request (a build must
 * never read the database). New articles reach the database from scripts, which cannot tell this
 * process, so it is kept one second: under load, one render a second instead of one per reader.
 */
const frontPageMilliseconds = 1000;

/** Stale pages being rendered again, each by one request. */
const rendering = new Set<string>();

/** Shared pages (articles, their comment pages, the front page): the same bytes for every reader. */
function cacheablePath(request: http.IncomingMessage): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = request.url ?? '';
  if (url !== '/' && !/^\/articles\/[a-z0-9-]+(\/comments\/\d+)?$/.test(url)) return null;
  // Router requests (RSC payloads, prefetches) and actions are other responses for the same path.
  if (Object.keys(request.headers).some((name) => name === 'rsc' || name.startsWith('next-'))) return null;
  // A reader without JavaScript who has held comments is sent to their own page by proxy.ts.
  if (/(?:^|;\s*)margin_plain=/.test(request.headers.cookie ?? '')) return null;
  return url;
}

function sendCachedPage(request: http.IncomingMessage, response: http.ServerResponse, page: CachedPage) {
  const accepts = String(request.headers['accept-encoding'] ?? '');
  const [encoding, body] = /\bbr\b/.test(accepts)
    ? ['br', page.br]
    : /\bgzip\b/.test(accepts)
      ? ['gzip', page.gzip]
      : [null, page.identity];
  const headers: Record<string, string | number> = { ...page.headers, vary: 'Accept-Encoding', 'x-nextjs-cache': 'HIT' };
  if (request.headers['if-none-match'] && request.headers['if-none-match'] === page.headers.etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = body.length;
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * On a miss, Next renders (or serves from its own cache) without compression, and we keep the
 * result, compressed once, if it is a public page for everyone.
 */
function capturePage(
  path: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  shortLived?: { milliseconds: number; cacheControl: string },
) {
  const generation = pageCacheGeneration();
  if (shortLived) {
    // Next calls a page rendered per request private; this one is public, for a short while
    // (an error page stays private).
    const setHeader = response.setHeader.bind(response);
    response.setHeader = (name, value) =>
      setHeader(name, name.toLowerCase() === 'cache-control' && response.statusCode === 200 ? shortLived.cacheControl : value);
  }
  delete request.headers['accept-encoding'];
  const chunks: Buffer[] = [];
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => http.ServerResponse;
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk) chunks.push(Buffer.from(chunk as Buffer));
    return write(chunk, ...rest);
  }) as typeof response.write;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer));
    const result = end(chunk, ...rest);
    const cacheControl = String(response.getHeader('cache-control') ?? '');
    if (response.statusCode === 200 && cacheControl.startsWith('public') && !response.hasHeader('set-cookie')) {
      const identity = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'cache-control', 'etag', 'x-nextjs-prerender', 'x-nextjs-stale-time']) {
        const value = response.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      void Promise.all([
        gzip(identity, { level: 9 }),
        brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
      ]).then(([gzipped, brotlied]) => {
        const expiresAt = shortLived ? Date.now() + shortLived.milliseconds : undefined;
        putCachedPage(path, { headers, identity, gzip: gzipped, br: brotlied, expiresAt }, generation);
      });
    }
    return result;
  }) as typeof response.end;
}

async function serve(config: Config) {
  Object.assign(process.env, { NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: root, port: config.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = http.createServer((request, response) => {
    if (Number(request.headers['content-length'] ?? 0) > bodyLimitFor(request.method, request.url)) {
      // Refused before a byte of the body is read, so a flood of large posts costs nothing.
      response.writeHead(413, { 'Content-Type': 'text/html; charset=utf-8', Connection: 'close' });
      response.end(tooLargePage);
      request.destroy();
      return;
    }
    request.headers['x-margin-client-address'] = clientAddress(
      { remoteAddress: request.socket.remoteAddress, forwardedFor: request.headers['x-forwarded-for'] },
      config.trustedProxies,
    );
    shortenSharedCaching(response, config.sharedCacheSeconds);
    const cacheable = cacheablePath(request);
    if (cacheable) {
      const cached = getCachedPage(cacheable);
      // A stale page is still served while one request renders its successor: a stampede of
      // renders each second would cost more memory than the whole server otherwise needs.
      if (cached && (!cached.stale || rendering.has(cacheable))) return sendCachedPage(request, response, cached.page);
      // Only a GET fills the cache: the answer to a HEAD has no body to keep.
      if (request.method === 'GET') {
        if (cached?.stale) {
          rendering.add(cacheable);
          response.once('close', () => rendering.delete(cacheable));
        }
        const frontPage = cacheable === '/' ? { milliseconds: frontPageMilliseconds, cacheControl: sharedCacheControl(config.sharedCacheSeconds) } : undefined;
        capturePage(cacheable, request, response, frontPage);
      }
    }
    request.headers['x-forwarded-for'] = request.headers['x-margin-client-address'];
    void handle(request, response);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      fail(`port ${config.port} is already in use. Stop the program using it, or choose another port: PORT=${config.port + 1} npm start`);
    }
    if (error.code === 'EACCES') fail(`port ${config.port} needs more privileges; choose a port above 1023 with PORT=…`);
    fail(error.message);
  });
  server.listen(config.port, () => {
    console.log(`margin: ready at http://localhost:${config.port} (database ${path.relative(root, config.databasePath) || config.databasePath})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (process.argv.includes('--build-only')) {
  ensureBuild();
} else {
  ensureBuild();
  forgetPagesOfAnotherDatabase(config.databasePath);
  await serve(config);
}

import { once } from 'node:events';
import { ConfigError, loadConfig } from '../lib/config';
import { closeDataLayer, openDataLayer } from '../db/index';
import { exportWordpress } from '../db/import/wordpress-export';
import { log } from './bench/ui';

// `npm run export -- wordpress > site.xml`: the site as a WordPress export (WXR 1.2) on stdout
// (db/import/wordpress-export.ts); what it wrote, on stderr.

const usage = 'Usage: npm run --silent export -- wordpress > site.xml';

function fail(message: string): never {
  console.error(`export: ${message}`);
  process.exit(1);
}

const [kind, ...rest] = process.argv.slice(2);
if (kind !== 'wordpress' || rest.length) fail(kind && kind !== 'wordpress' ? `"${kind}" is not a format Margin exports to (wordpress).\n${usage}` : usage);
if (process.stdout.isTTY) fail(`send the export to a file.\n${usage}`);

let config;
try {
  config = loadConfig();
  await openDataLayer();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
}
let items = 0;
try {
  for await (const piece of exportWordpress({ title: 'Margin', url: config.siteUrl })) {
    if (piece.includes('<item>')) items++;
    if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
  }
} finally {
  await closeDataLayer();
}
log(`export: ${items} articles written.`);

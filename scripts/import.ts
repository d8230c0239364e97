import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../lib/config';
import { WxrError } from '../lib/wordpress/wxr';
import { DisqusError } from '../lib/disqus/reader';
import { parseMaps } from '../lib/disqus/mapping';
import { closeDataLayer, openDataLayer } from '../db/index';
import { describeReport, ImportInputError, importWordpress } from '../db/import/wordpress';
import { describeDisqusReport, importDisqus } from '../db/import/disqus';
import { announceInvalidation } from '../db/queries/page-invalidations';
import { pathTags } from '../server/next-internals';
import { log, progress } from './bench/ui';

// `npm run import -- wordpress FILE.xml [--dry-run] [--uploads DIR]`: a WordPress export into the site's database
// (db/import/wordpress.ts); `npm run import -- disqus FILE.xml [--dry-run] [--map OLD=NEW]…`: a Disqus
// export's comments onto the articles (db/import/disqus.ts). A progress bar on stderr and the report at the end.

const usage = [
  'Usage: npm run import -- wordpress FILE.xml [--dry-run] [--uploads PATH/TO/wp-content/uploads]',
  '       npm run import -- disqus FILE.xml [--dry-run] [--map OLD-PREFIX=NEW-PREFIX]…',
].join('\n');

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(1);
}

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, uploads: { type: 'string' }, map: { type: 'string', multiple: true } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
const [kind, file, ...rest] = positionals;
if (kind !== 'wordpress' && kind !== 'disqus') fail(kind ? `"${kind}" is not a source Margin imports from (wordpress, disqus).\n${usage}` : usage);
if (kind === 'disqus' && values.uploads) fail(`--uploads is for WordPress exports: a Disqus export has no images.\n${usage}`);
if (kind === 'wordpress' && values.map?.length) fail(`--map is for Disqus exports.\n${usage}`);
const maps = parseMaps(values.map ?? []);
if ('problem' in maps) fail(maps.problem);
if (!file) fail(`give the export file.\n${usage}`);
if (rest.length) fail(`one file at a time (also given: ${rest.join(' ')}).\n${usage}`);

try {
  loadConfig();
  await openDataLayer();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
}

let bar: ReturnType<typeof progress> | null = null;
let phase = '';
try {
  const onProgress = ({ bytes, totalBytes, phase: now }: { bytes: number; totalBytes: number; phase: string }) => {
    if (now !== phase) {
      bar?.done();
      phase = now;
      bar = progress(now.padEnd(10), Math.max(1, Math.ceil(totalBytes / 1024)), { unit: 'kB' });
    }
    bar?.update(Math.ceil(bytes / 1024));
  };
  const dryRun = Boolean(values['dry-run']);
  let lines: string[];
  let added: number;
  if (kind === 'disqus') {
    const report = await importDisqus(file, { dryRun, maps: maps.maps, onProgress });
    lines = describeDisqusReport(report);
    added = Object.values(report.comments.added).reduce((a, b) => a + b, 0);
  } else {
    const report = await importWordpress(file, { dryRun, ...(values.uploads ? { uploads: values.uploads } : {}), onProgress });
    lines = describeReport(report);
    added = report.articles.created + Object.values(report.comments.added).reduce((a, b) => a + b, 0);
  }
  (bar as ReturnType<typeof progress> | null)?.done();
  for (const line of lines) console.log(line);
  if (!dryRun && added > 0) {
    // Running servers keep listing pages until told: every page, as another server would announce it.
    await announceInvalidation('npm run import', { pages: 'all', nextTags: pathTags('/', 'layout') });
  }
} catch (error) {
  (bar as ReturnType<typeof progress> | null)?.done();
  if (error instanceof WxrError || error instanceof DisqusError) fail(`${file}, ${error.message}. Nothing was imported.`);
  if (error instanceof ImportInputError) fail(error.message);
  throw error;
} finally {
  await closeDataLayer();
}
log('import: done.');

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { test } from 'node:test';
import { readWxr, WxrError, type WxrRecord } from './wxr';

const fixture = new URL('../../db/import/fixtures/wordpress-6.1-export.xml', import.meta.url);

async function readAll(text: string | Buffer, chunkSize = 7): Promise<WxrRecord[]> {
  async function* chunks() {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const records: WxrRecord[] = [];
  for await (const record of readWxr(chunks())) records.push(record);
  return records;
}

const wxr = (items: string, head = '<?xml version="1.0" encoding="UTF-8" ?>\n') =>
  `${head}<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>T</title><link>http://old.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>http://old.example</wp:base_site_url>
${items}
</channel></rss>`;

async function refusal(text: string | Buffer): Promise<WxrError> {
  try {
    await readAll(text);
  } catch (error) {
    assert.ok(error instanceof WxrError, `a WxrError, not ${String(error)}`);
    return error;
  }
  assert.fail('the file was read');
}

test('the real export: authors, categories with parents, items with their terms and comments, in small chunks', async () => {
  const records = await readAll(fs.readFileSync(fixture), 4096);
  const items = records.filter((r) => r.kind === 'item');
  assert.deepEqual(
    items.map((i) => [i.postId, i.postType, i.status]),
    [['4', 'post', 'publish'], ['5', 'post', 'publish'], ['6', 'post', 'publish'], ['7', 'post', 'draft'], ['8', 'post', 'future'], ['9', 'page', 'publish']],
  );
  assert.equal(items[0]!.comments.length, 200);
  const europe = records.find((r) => r.kind === 'category' && r.slug === 'europe');
  assert.deepEqual(europe && europe.kind === 'category' && [europe.name, europe.parentSlug], ['Europe', 'world']);
  const site = records.find((r) => r.kind === 'site');
  assert.equal(site?.kind === 'site' && site.baseSiteUrl, 'http://127.0.0.1:8081');
  const harbour = items[1]!;
  assert.ok(harbour.content.includes('<script>'), 'the body is read as it is (the converter drops the script)');
  assert.deepEqual(harbour.terms.map((t) => `${t.domain}:${t.slug}`), ['category:business-economy', 'post_tag:steel', 'post_tag:trade']);
  const rtl = harbour.comments.find((c) => c.author === 'محمد العربي');
  assert.ok(rtl, 'right-to-left names survive');
});

test('an external entity is refused, never fetched', async () => {
  let requests = 0;
  const server = http.createServer((_, response) => {
    requests++;
    response.end('secret');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const error = await refusal(
      `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "http://127.0.0.1:${port}/x">]>\n` + wxr('<item><title>&xxe;</title></item>', ''),
    );
    assert.match(error.message, /^line \d+: the file declares entities/);
    assert.equal(requests, 0);
  } finally {
    server.close();
  }
});

test('an entity-expansion bomb is refused before anything is expanded', async () => {
  const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
${wxr('<item><title>&lol3;</title></item>', '')}`;
  const error = await refusal(bomb);
  assert.match(error.message, /line 2: the file declares entities/);
});

test('an entity the file never declares is refused with its line', async () => {
  const error = await refusal(wxr('<item>\n<title>&nbsp;</title></item>'));
  assert.match(error.message, /^line 5: .*undefined entity/i);
});

test('a truncated file is refused: where it ends and inside what', async () => {
  const whole = fs.readFileSync(fixture, 'utf8');
  const error = await refusal(whole.slice(0, Math.floor(whole.length / 2)));
  assert.match(error.message, /^line \d+: the file ends inside <[\w:]+>: it was cut short/);
});

test('a file that is not WXR is refused plainly', async () => {
  assert.match((await refusal('<html><body>hello</body></html>')).message, /not a WordPress export.*starts with <html>/);
  assert.match((await refusal('<rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>')).message, /not a WordPress export.*wxr_version/);
  assert.match((await refusal('{"posts": []}')).message, /^line 1: this is not a WordPress export \(WXR\): it does not start with XML/);
  assert.match((await refusal('')).message, /not a WordPress export/);
});

test('wrong encodings: a declared one other than UTF-8, and bytes that are not UTF-8', async () => {
  assert.match((await refusal(wxr('', '<?xml version="1.0" encoding="ISO-8859-1"?>\n'))).message, /says it is in ISO-8859-1/);
  const latin1 = Buffer.concat([Buffer.from(wxr('<item><title>Caf').split('<item>')[0]!), Buffer.from('<item><title>Caf\xe9</title></item></channel></rss>', 'latin1')]);
  assert.match((await refusal(latin1)).message, /not UTF-8 text/);
});

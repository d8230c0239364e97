import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { readDisqus, DisqusError, type DisqusPost, type DisqusRecord, type DisqusThread } from './reader';
import { anonymousEmail, disqusTime, mappedLink, parseMaps, postAuthor, postStatus, threadCandidates } from './mapping';

const fixture = new URL('../../db/import/fixtures/disqus-export.xml', import.meta.url);

async function readAll(text: string | Buffer, chunkSize = 7): Promise<DisqusRecord[]> {
  async function* chunks() {
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const records: DisqusRecord[] = [];
  for await (const record of readDisqus(chunks())) records.push(record);
  return records;
}

async function refusal(text: string | Buffer): Promise<DisqusError> {
  try {
    await readAll(text);
  } catch (error) {
    assert.ok(error instanceof DisqusError, `a DisqusError, not ${String(error)}`);
    return error;
  }
  assert.fail('the file was read');
}

const disqus = (body: string, head = '<?xml version="1.0" encoding="utf-8"?>\n') =>
  `${head}<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${body}\n</disqus>`;

test('the fixture: the category, threads with link and identifier, posts with thread, parent, author and flags, in small chunks', async () => {
  const records = await readAll(fs.readFileSync(fixture), 13);
  assert.deepEqual(records.map((r) => r.kind).join(' '), 'category thread thread thread thread thread post post post post post post post post post post');
  const threads = records.filter((r): r is DisqusThread => r.kind === 'thread');
  assert.deepEqual(threads[0], {
    kind: 'thread',
    dsqId: '100',
    identifier: '12 https://old.harbour.example/?p=12',
    forum: 'harbour-gazette',
    link: 'https://old.harbour.example/2024/03/01/steel-tariffs/',
    title: 'Steel tariffs loom over the harbour',
    createdAt: '2024-03-01T09:00:00Z',
    isClosed: false,
    isDeleted: false,
    line: 10,
  });
  assert.equal(threads[1]!.title, 'Café « Zoë » reopens on the quay');
  assert.equal(threads[1]!.isClosed, true);
  assert.equal(threads[3]!.isDeleted, true);
  const posts = records.filter((r): r is DisqusPost => r.kind === 'post');
  const reply = posts.find((p) => p.dsqId === '1001')!;
  assert.deepEqual([reply.threadId, reply.parentId, reply.line, reply.ipAddress], ['100', '1000', 86, '198.51.100.8']);
  assert.deepEqual(reply.author, { name: 'Guest Reader', email: '', isAnonymous: true, username: '' });
  assert.equal(reply.message, '<p>Agreed &amp; more — ünïcödé ✓</p>', 'the CDATA is kept as it is (HTML)');
  assert.equal(posts[0]!.parentId, '');
  assert.equal(posts[0]!.author.email, 'zoe.reader@example.net');
  assert.deepEqual(posts.filter((p) => p.isSpam).map((p) => p.dsqId), ['1002']);
  assert.deepEqual(posts.filter((p) => p.isDeleted).map((p) => p.dsqId), ['1003']);
  assert.equal(posts.find((p) => p.dsqId === '1005')!.author.name, 'مريم');
});

test('bad files are refused plainly, with the line: entities, DOCTYPE, cut short, not Disqus, encodings, a post without a thread', async () => {
  const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n${disqus('<thread dsq:id="1"><title>&lol2;</title></thread>', '')}`;
  assert.match((await refusal(bomb)).message, /^line 2: the file declares entities .*a Disqus export never does/);
  assert.match((await refusal(disqus('<thread dsq:id="1">\n<title>&nbsp;</title></thread>'))).message, /^line 4: .*undefined entity/i);
  const whole = fs.readFileSync(fixture, 'utf8');
  assert.match((await refusal(whole.slice(0, Math.floor(whole.length / 2)))).message, /^line \d+: the file ends inside <\w+>: it was cut short/);
  assert.match((await refusal('<rss><channel/></rss>')).message, /not a Disqus export: the file starts with <rss>/);
  assert.match((await refusal('{"threads": []}')).message, /^line 1: this is not a Disqus export: it does not start with XML/);
  assert.match((await refusal('')).message, /the file is empty/);
  assert.match((await refusal(disqus('', '<?xml version="1.0" encoding="ISO-8859-1"?>\n'))).message, /says it is in ISO-8859-1; Margin reads Disqus exports in UTF-8/);
  const latin1 = Buffer.concat([Buffer.from(disqus('').split('</disqus>')[0]!), Buffer.from('<thread dsq:id="1"><title>Caf\xe9</title></thread></disqus>', 'latin1')]);
  assert.match((await refusal(latin1)).message, /not UTF-8 text/);
  assert.match((await refusal(disqus('<post dsq:id="5">\n<message>x</message></post>'))).message, /^line 3: post 5 names no thread/);
  assert.match((await refusal(disqus('<thread><link>x</link></thread>'))).message, /^line 3: a <thread> without its dsq:id/);
});

test('mapping: statuses, dates in UTC, anonymous posters, addresses', () => {
  assert.equal(postStatus({ isSpam: true, isDeleted: true }), 'spam');
  assert.equal(postStatus({ isSpam: false, isDeleted: true }), 'trash');
  assert.equal(postStatus({ isSpam: false, isDeleted: false }), 'approved');
  assert.deepEqual(disqusTime('2024-03-01T10:00:00Z'), { ms: Date.UTC(2024, 2, 1, 10) });
  assert.deepEqual(disqusTime('2024-03-05T13:00:00+01:00'), { ms: Date.UTC(2024, 2, 5, 12) });
  assert.match(disqusTime('2024-03-02T08:00:00')!.note!, /no time zone: read as UTC/);
  assert.equal(disqusTime('2024-03-02T08:00:00')!.ms, Date.UTC(2024, 2, 2, 8));
  assert.equal(disqusTime('yesterday'), null);
  const author = { name: '', email: '', isAnonymous: true, username: '' };
  assert.deepEqual(postAuthor({ dsqId: '77', author }), { name: 'Anonymous', email: 'anonymous-77@disqus.invalid', placeholder: true });
  assert.deepEqual(postAuthor({ dsqId: '77', author: { ...author, username: 'ann', email: ' a@b.example ' } }), { name: 'ann', email: 'a@b.example', placeholder: false });
  assert.equal(anonymousEmail('1"<x>'), 'anonymous-1x@disqus.invalid');
  assert.deepEqual(parseMaps(['https://old.example/blog/=/articles/']), { maps: [{ from: 'https://old.example/blog/', to: '/articles/' }] });
  assert.match((parseMaps(['nothing']) as { problem: string }).problem, /old-prefix=new-prefix/);
  assert.equal(mappedLink('https://old.example/blog/x', [{ from: 'https://old.example/blog/', to: '/articles/' }]), '/articles/x');
  assert.deepEqual(threadCandidates({ link: 'https://old.example/2024/03/01/x/#comments', identifier: '12 https://old.example/?p=12' }, []), {
    paths: ['/2024/03/01/x/', '/?p=12'],
    slugs: [],
  });
  assert.deepEqual(threadCandidates({ link: 'http://localhost:3000/', identifier: 'lighthouse-restored' }, []), { paths: [], slugs: ['lighthouse-restored'] });
  assert.deepEqual(threadCandidates({ link: 'https://old.example/blog/x', identifier: '/x' }, [{ from: 'https://old.example/blog/', to: 'https://new.example/articles/' }]), {
    paths: ['/articles/x', '/x'],
    slugs: [],
  });
});

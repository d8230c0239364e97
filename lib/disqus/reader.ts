import { SaxesParser } from 'saxes';
import { ExportFileError, feedXml, guardXml, type ExportNames } from '../xml-stream';

// A Disqus export (Admin → Moderation → Export: <disqus> with <category>, <thread> and <post>
// elements) read as a stream: one record at a time, never the whole file. Like the WordPress
// reader, it refuses any DOCTYPE: no entity is ever fetched or expanded.

/** A file that cannot be read as a Disqus export, with the line where that became clear. */
export class DisqusError extends ExportFileError {
  override name = 'DisqusError';
}

export type DisqusThread = {
  kind: 'thread';
  /** Disqus's own id (dsq:id). */
  dsqId: string;
  /** The site's identifier for the page (disqus_identifier), often empty. */
  identifier: string;
  forum: string;
  link: string;
  title: string;
  createdAt: string;
  isClosed: boolean;
  isDeleted: boolean;
  line: number;
};
export type DisqusPost = {
  kind: 'post';
  dsqId: string;
  threadId: string;
  /** The dsq:id of the post it replies to, or ''. */
  parentId: string;
  message: string;
  createdAt: string;
  isDeleted: boolean;
  isSpam: boolean;
  author: { name: string; email: string; isAnonymous: boolean; username: string };
  ipAddress: string;
  line: number;
};
export type DisqusCategory = { kind: 'category'; dsqId: string; forum: string; title: string; line: number };
export type DisqusRecord = DisqusCategory | DisqusThread | DisqusPost;

const names: ExportNames = { one: 'a Disqus export', many: 'Disqus exports', writer: 'Disqus', not: 'this is not a Disqus export' };

type Open = { name: string; dsqId: string; fields: Record<string, string>; refs: Record<string, string>; line: number };

const truthy = (value: string | undefined) => value?.trim() === 'true';

/** The records of a Disqus export in file order (Disqus writes categories, then threads, then posts). */
export async function* readDisqus(chunks: AsyncIterable<Uint8Array | string>, onBytes?: (bytes: number) => void): AsyncGenerator<DisqusRecord> {
  const parser = new SaxesParser({ position: true });
  const ready: DisqusRecord[] = [];
  const path: string[] = [];
  let record: Open | null = null;
  let rootSeen = false;
  let failure: DisqusError | null = null;
  const fail = (message: string, line: number | null = parser.line): never => {
    failure ??= new DisqusError(message, line);
    throw failure;
  };
  const xml = guardXml(parser, names, fail, () => failure);

  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    if (path.length === 0) {
      if (tag.name !== 'disqus') fail(`this is not a Disqus export: the file starts with <${tag.name}>, not <disqus>`);
      rootSeen = true;
    } else if (path.length === 1 && (tag.name === 'category' || tag.name === 'thread' || tag.name === 'post')) {
      record = { name: tag.name, dsqId: attributes['dsq:id'] ?? '', fields: {}, refs: {}, line: parser.line };
    } else if (record && path.length === 2 && attributes['dsq:id'] !== undefined) {
      // <thread dsq:id="…"/> and <parent dsq:id="…"/> inside a post, <category dsq:id="…"/> inside a thread.
      record.refs[tag.name] = attributes['dsq:id'];
    }
    path.push(tag.name);
    xml.clearText();
  });
  parser.on('closetag', (tag) => {
    const text = xml.text();
    path.pop();
    const open = record;
    if (open && path.length === 1) {
      record = null;
      const f = open.fields;
      if (!open.dsqId) fail(`a <${open.name}> without its dsq:id attribute`, open.line);
      if (open.name === 'category') ready.push({ kind: 'category', dsqId: open.dsqId, forum: f['forum'] ?? '', title: f['title'] ?? '', line: open.line });
      else if (open.name === 'thread') {
        ready.push({
          kind: 'thread',
          dsqId: open.dsqId,
          identifier: f['id'] ?? '',
          forum: f['forum'] ?? '',
          link: f['link'] ?? '',
          title: f['title'] ?? '',
          createdAt: f['createdAt'] ?? '',
          isClosed: truthy(f['isClosed']),
          isDeleted: truthy(f['isDeleted']),
          line: open.line,
        });
      } else {
        if (!open.refs['thread']) fail(`post ${open.dsqId} names no thread (<thread dsq:id="…"/>)`, open.line);
        ready.push({
          kind: 'post',
          dsqId: open.dsqId,
          threadId: open.refs['thread']!,
          parentId: open.refs['parent'] ?? '',
          message: f['message'] ?? '',
          createdAt: f['createdAt'] ?? '',
          isDeleted: truthy(f['isDeleted']),
          isSpam: truthy(f['isSpam']),
          author: { name: f['author/name'] ?? '', email: f['author/email'] ?? '', isAnonymous: truthy(f['author/isAnonymous']), username: f['author/username'] ?? '' },
          ipAddress: f['ipAddress'] ?? '',
          line: open.line,
        });
      }
    } else if (open && path.length >= 2) {
      // A field of the record: <link>, or <author><name> as "author/name".
      const key = path.slice(2).concat(tag.name).join('/');
      if (!(key in open.fields)) open.fields[key] = text;
    }
    xml.clearText();
  });

  yield* feedXml(parser, chunks, { names, fail, declared: xml.declared, openElement: () => path.at(-1), ready, onBytes });
  if (!rootSeen) fail('this is not a Disqus export: there is no <disqus> element');
  yield* ready.splice(0);
}

import { SaxesParser } from 'saxes';
import { ExportFileError, feedXml, guardXml, type ExportNames } from '../xml-stream';

// A WordPress export (WXR 1.1 and 1.2) read as a stream: one record at a time, never the whole file.
// saxes reads no DTD: an entity the file declares is never fetched nor expanded, and the file is
// refused before anything is read from it (WordPress never writes a DOCTYPE).

/** A file that cannot be read as a WordPress export, with the line where that became clear. */
export class WxrError extends ExportFileError {
  override name = 'WxrError';
}

export type WxrSite = { kind: 'site'; title: string; link: string; baseSiteUrl: string; wxrVersion: string; line: number };
export type WxrAuthor = { kind: 'author'; login: string; email: string; displayName: string; line: number };
export type WxrCategory = { kind: 'category'; slug: string; name: string; parentSlug: string; line: number };
export type WxrTag = { kind: 'tag'; slug: string; name: string; line: number };
export type WxrComment = {
  id: string;
  author: string;
  email: string;
  url: string;
  ip: string;
  userAgent: string;
  date: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
  parent: string;
  userId: string;
  line: number;
};
export type WxrTerm = { domain: string; slug: string; name: string };
export type WxrItem = {
  kind: 'item';
  line: number;
  title: string;
  link: string;
  creator: string;
  content: string;
  excerpt: string;
  postId: string;
  date: string;
  dateGmt: string;
  modified: string;
  modifiedGmt: string;
  commentStatus: string;
  slug: string;
  status: string;
  postType: string;
  terms: WxrTerm[];
  comments: WxrComment[];
};
export type WxrRecord = WxrSite | WxrAuthor | WxrCategory | WxrTag | WxrItem;

const names: ExportNames = { one: 'a WordPress export', many: 'WordPress exports', writer: 'WordPress', not: 'this is not a WordPress export (WXR)' };

type Open = { name: string; fields: Record<string, string>; line: number; terms: WxrTerm[]; comments: WxrComment[] };

const recordElements = new Set(['item', 'wp:author', 'wp:category', 'wp:tag', 'wp:comment', 'wp:postmeta', 'wp:commentmeta', 'wp:term']);

function comment(open: Open): WxrComment {
  const f = open.fields;
  return {
    id: f['wp:comment_id'] ?? '',
    author: f['wp:comment_author'] ?? '',
    email: f['wp:comment_author_email'] ?? '',
    url: f['wp:comment_author_url'] ?? '',
    ip: f['wp:comment_author_IP'] ?? '',
    userAgent: f['wp:comment_agent'] ?? '',
    date: f['wp:comment_date'] ?? '',
    dateGmt: f['wp:comment_date_gmt'] ?? '',
    content: f['wp:comment_content'] ?? '',
    approved: f['wp:comment_approved'] ?? '',
    type: f['wp:comment_type'] ?? '',
    parent: f['wp:comment_parent'] ?? '0',
    userId: f['wp:comment_user_id'] ?? '0',
    line: open.line,
  };
}

function item(open: Open): WxrItem {
  const f = open.fields;
  return {
    kind: 'item',
    line: open.line,
    title: f['title'] ?? '',
    link: f['link'] ?? '',
    creator: f['dc:creator'] ?? '',
    content: f['content:encoded'] ?? '',
    excerpt: f['excerpt:encoded'] ?? '',
    postId: f['wp:post_id'] ?? '',
    date: f['wp:post_date'] ?? '',
    dateGmt: f['wp:post_date_gmt'] ?? '',
    modified: f['wp:post_modified'] ?? '',
    modifiedGmt: f['wp:post_modified_gmt'] ?? '',
    commentStatus: f['wp:comment_status'] ?? '',
    slug: f['wp:post_name'] ?? '',
    status: f['wp:status'] ?? '',
    postType: f['wp:post_type'] ?? '',
    terms: open.terms,
    comments: open.comments,
  };
}

/**
 * The records of a WordPress export in file order: the site first, then authors, categories,
 * tags and items (posts, pages…), each item with its comments. `onBytes` hears how far the reading got.
 */
export async function* readWxr(chunks: AsyncIterable<Uint8Array | string>, onBytes?: (bytes: number) => void): AsyncGenerator<WxrRecord> {
  const parser = new SaxesParser({ position: true });
  const ready: WxrRecord[] = [];
  const path: string[] = [];
  const records: Open[] = [];
  const channel: Record<string, string> = {};
  let siteSent = false;
  let failure: WxrError | null = null;

  const fail = (message: string, line: number | null = parser.line): never => {
    failure ??= new WxrError(message, line);
    throw failure;
  };
  const sendSite = () => {
    if (siteSent) return;
    siteSent = true;
    if (!channel['wp:wxr_version']) fail('this is not a WordPress export (WXR): the channel has no <wp:wxr_version>');
    ready.push({
      kind: 'site',
      title: channel['title'] ?? '',
      link: channel['link'] ?? '',
      baseSiteUrl: channel['wp:base_site_url'] || channel['link'] || '',
      wxrVersion: channel['wp:wxr_version']!,
      line: parser.line,
    });
  };

  const xml = guardXml(parser, names, fail, () => failure);
  parser.on('opentag', (tag) => {
    const parent = path.at(-1);
    if (parent === undefined && tag.name !== 'rss') fail(`this is not a WordPress export (WXR): the file starts with <${tag.name}>, not <rss>`);
    path.push(tag.name);
    xml.clearText();
    if (recordElements.has(tag.name)) {
      if (tag.name === 'item') sendSite();
      records.push({ name: tag.name, fields: {}, line: parser.line, terms: [], comments: [] });
    } else if (tag.name === 'category' && records.at(-1)?.name === 'item') {
      const attributes = tag.attributes as Record<string, string>;
      records.at(-1)!.terms.push({ domain: attributes['domain'] ?? '', slug: attributes['nicename'] ?? '', name: '' });
    }
  });
  parser.on('closetag', (tag) => {
    const text = xml.text();
    path.pop();
    const open = records.at(-1);
    if (open && open.name === tag.name) {
      records.pop();
      const f = open.fields;
      const owner = records.at(-1);
      if (tag.name === 'wp:comment' && owner?.name === 'item') owner.comments.push(comment(open));
      else if (tag.name === 'item') ready.push(item(open));
      else if (tag.name === 'wp:author' && !owner) {
        ready.push({ kind: 'author', login: f['wp:author_login'] ?? '', email: f['wp:author_email'] ?? '', displayName: f['wp:author_display_name'] ?? '', line: open.line });
      } else if (tag.name === 'wp:category' && !owner) {
        ready.push({ kind: 'category', slug: f['wp:category_nicename'] ?? '', name: f['wp:cat_name'] ?? '', parentSlug: f['wp:category_parent'] ?? '', line: open.line });
      } else if (tag.name === 'wp:tag' && !owner) {
        ready.push({ kind: 'tag', slug: f['wp:tag_slug'] ?? '', name: f['wp:tag_name'] ?? '', line: open.line });
      }
    } else if (open) {
      if (tag.name === 'category' && open.name === 'item') {
        const term = open.terms.at(-1);
        if (term) term.name = text;
      } else if (!(tag.name in open.fields)) {
        open.fields[tag.name] = text;
      }
    } else if (path.at(-1) === 'channel') {
      channel[tag.name] = text;
    } else if (tag.name === 'channel') {
      sendSite();
    }
    xml.clearText();
  });
  yield* feedXml(parser, chunks, { names, fail, declared: xml.declared, openElement: () => path.at(-1), ready, onBytes });
  if (!siteSent) fail('this is not a WordPress export (WXR): there is no <channel> with <wp:wxr_version>');
  yield* ready.splice(0);
}

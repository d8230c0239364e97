// Feeds as text: RSS 2.0 and Atom (RFC 4287) from one plain description of a feed. Every value is
// escaped here, so nothing an author or commenter wrote can become markup in a reader's feed.

export type FeedItem = {
  /** A permanent, unique id: the item's absolute address. */
  id: string;
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** ISO 8601. */
  published: string;
  /** ISO 8601; the published time when absent. */
  updated?: string | null;
  /** Names only: a feed never carries an email address. */
  authors: string[];
  categories?: string[];
};

export type Feed = {
  title: string;
  description: string;
  /** The page this feed follows (absolute). */
  url: string;
  /** The feed's own address (absolute). */
  selfUrl: string;
  language: string;
  items: FeedItem[];
};

/** Characters XML 1.0 does not allow anywhere, even escaped (control characters, lone surrogates, U+FFFE/FFFF). */
const notXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(notXml, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** RFC 822 dates, as RSS 2.0 requires (four-digit years, GMT). */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

function updatedOf(item: FeedItem): string {
  return item.updated && item.updated > item.published ? item.updated : item.published;
}

/** The newest time anything in the feed changed, or null for an empty feed. */
export function feedUpdated(feed: Pick<Feed, 'items'>): string | null {
  let newest: string | null = null;
  for (const item of feed.items) {
    const time = new Date(updatedOf(item)).toISOString();
    if (newest === null || time > newest) newest = time;
  }
  return newest;
}

const element = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

export function renderRss(feed: Feed): string {
  const updated = feedUpdated(feed);
  const items = feed.items.map((item) =>
    [
      '<item>',
      element('title', item.title),
      element('link', item.url),
      `<guid isPermaLink="true">${escapeXml(item.id)}</guid>`,
      element('pubDate', rfc822(item.published)),
      ...item.authors.map((name) => element('dc:creator', name)),
      ...(item.categories ?? []).map((name) => element('category', name)),
      element('description', item.summary),
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    element('title', feed.title),
    element('link', feed.url),
    element('description', feed.description),
    element('language', feed.language),
    `<atom:link href="${escapeXml(feed.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    updated ? element('lastBuildDate', rfc822(updated)) : '',
    ...items,
    '</channel>',
    '</rss>\n',
  ].join('');
}

/** For a feed with no entries yet: Atom requires an updated time all the same. */
const beginning = '1970-01-01T00:00:00.000Z';

export function renderAtom(feed: Feed & { author: string }): string {
  const entries = feed.items.map((item) =>
    [
      '<entry>',
      element('id', item.id),
      `<title type="text">${escapeXml(item.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(item.url)}"/>`,
      element('published', new Date(item.published).toISOString()),
      element('updated', new Date(updatedOf(item)).toISOString()),
      ...item.authors.map((name) => `<author>${element('name', name)}</author>`),
      ...(item.categories ?? []).map((name) => `<category term="${escapeXml(name)}"/>`),
      `<summary type="text">${escapeXml(item.summary)}</summary>`,
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    element('id', feed.selfUrl),
    `<title type="text">${escapeXml(feed.title)}</title>`,
    `<subtitle type="text">${escapeXml(feed.description)}</subtitle>`,
    element('updated', feedUpdated(feed) ?? beginning),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.url)}"/>`,
    // Entries without bylines take the feed's author, as Atom requires one for each entry.
    `<author>${element('name', feed.author)}</author>`,
    ...entries,
    '</feed>\n',
  ].join('');
}

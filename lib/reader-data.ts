import { escapeXml } from './feeds';
import { siteName } from './listings';
import type { CommentStatus } from './comments';

// A reader's own data: every comment written with one address, as they see it, download it,
// anonymise it or delete it (issue 12). Not a public shape: it carries the address, IPs and user
// agents, and is shown only to the holder of a signed link for that address, or to an admin.

/** What an anonymised comment, or a deleted one kept for its replies, shows as its author. */
export const anonymousName = 'Anonymous';

/** The text of a comment whose words were removed (a deleted comment kept so its replies still read in place). */
export const removedText = 'This comment was removed at its author’s request.';

/**
 * The address an anonymised comment keeps (the column is required): one per comment, so
 * anonymised comments are not tied to one another, under `.invalid`, which never receives mail.
 */
export function anonymisedEmailOf(commentId: number): string {
  return `anonymised-${commentId}@reader-data.invalid`;
}

export const readerDataChanges = ['delete', 'anonymise', 'anonymise-remove-text'] as const;
export type ReaderDataChange = (typeof readerDataChanges)[number];

export type ReaderDataComment = {
  id: number;
  articleHeadline: string;
  articlePath: string;
  /** The comment it answers, if any. */
  parentId: number | null;
  status: CommentStatus;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ReaderData = { email: string; comments: ReaderDataComment[] };

export type ReaderDataResult = { deleted: number; anonymised: number; changedSlugs: string[] };

/** Said after a change, from the numbers the data layer returns. */
export function describeReaderDataResult(change: ReaderDataChange, result: Pick<ReaderDataResult, 'deleted' | 'anonymised'>): string {
  const comments = (n: number) => `${n} comment${n === 1 ? '' : 's'}`;
  if (change === 'delete') {
    const kept = result.anonymised > 0 ? ` ${comments(result.anonymised)} with replies now ${result.anonymised === 1 ? 'reads' : 'read'} “${removedText}” under the name ${anonymousName}, so that the replies still read in place.` : '';
    return `Deleted ${comments(result.deleted + result.anonymised)}.${kept}`;
  }
  return `Anonymised ${comments(result.anonymised)}${change === 'anonymise-remove-text' ? ', their text removed' : ''}.`;
}

function exported(data: ReaderData, siteUrl: (path: string) => string) {
  return data.comments.map((comment) => ({
    id: comment.id,
    article: { headline: comment.articleHeadline, url: siteUrl(comment.articlePath) },
    inReplyTo: comment.parentId,
    status: comment.status,
    name: comment.authorName,
    email: comment.authorEmail,
    website: comment.authorUrl,
    text: comment.body,
    ipAddress: comment.ip,
    userAgent: comment.userAgent,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
  }));
}

/** The download as JSON: every field the site keeps about each comment. */
export function readerDataJson(data: ReaderData, exportedAt: string, siteUrl: (path: string) => string): string {
  return `${JSON.stringify({ site: siteName, email: data.email, exportedAt, comments: exported(data, siteUrl) }, null, 2)}\n`;
}

/** The download as a page a person can read: one section per comment, everything escaped. */
export function readerDataHtml(data: ReaderData, exportedAt: string, siteUrl: (path: string) => string): string {
  const e = escapeXml;
  const rows = exported(data, siteUrl).map((comment) => {
    const fields: [string, string | number | null][] = [
      ['Status', comment.status],
      ['Name', comment.name],
      ['Email', comment.email],
      ['Website', comment.website],
      ['Written', comment.createdAt],
      ['Last changed', comment.updatedAt],
      ['In reply to comment', comment.inReplyTo],
      ['IP address', comment.ipAddress],
      ['Browser (user agent)', comment.userAgent],
    ];
    const list = fields
      .filter(([, value]) => value !== null)
      .map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(String(value))}</dd>`)
      .join('');
    const text = comment.text
      .split(/\n{2,}/)
      .map((paragraph) => `<p>${e(paragraph).replace(/\n/g, '<br>')}</p>`)
      .join('');
    return `<section>\n<h2>Comment ${comment.id} on <a href="${e(comment.article.url)}">${e(comment.article.headline)}</a></h2>\n<dl>${list}</dl>\n<blockquote>${text}</blockquote>\n</section>`;
  });
  const count = data.comments.length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your comments on ${e(siteName)}</title>
<style>body{font-family:sans-serif;line-height:1.5;max-width:48rem;margin:2rem auto;padding:0 1rem}dt{font-weight:600}dd{margin:0 0 .3rem 1rem}blockquote{border-left:3px solid #ccc;margin:0;padding-left:1em}section{border-top:1px solid #ddd;margin-top:1.5rem}</style>
</head><body>
<h1>Your comments on ${e(siteName)}</h1>
<p>${count} comment${count === 1 ? '' : 's'} written with ${e(data.email)}, as kept on ${e(exportedAt)}.</p>
${rows.join('\n')}
</body></html>
`;
}

/** How each status reads to the person whose comment it is. */
export const readerStatusLabels: Record<CommentStatus, string> = {
  approved: 'Published',
  pending: 'Awaiting moderation',
  spam: 'Held as spam',
  trash: 'In the bin',
};

/** The request form's answer, the same whether or not the address wrote anything (or was past its limits). */
export const readerDataSentAnswer = 'If comments were written with that address, a link to them is on its way to it. It works for 24 hours.';

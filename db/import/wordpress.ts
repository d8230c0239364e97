import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import type { ArticleBlock } from '@/lib/article-body';
import { articleState, slugify, type ArticleState } from '@/lib/articles';
import type { CommentStatus } from '@/lib/comments';
import { normalizeText } from '@/lib/text';
import { safeHref } from '@/lib/markdown';
import { commentText, convertBody, decodeEntities, type ConvertedBlock } from '@/lib/wordpress/body';
import { categoryAddresses, pingbackChoice, planComment, planItem, postAddresses, threadOrder, wordpressTime } from '@/lib/wordpress/mapping';
import { readWxr, type WxrAuthor, type WxrCategory, type WxrItem } from '@/lib/wordpress/wxr';
import { getDb } from '@/db/index';
import { listAccounts } from '@/db/accounts';
import { storeImage } from '@/db/queries/images';
import { can, type Staff } from '@/lib/accounts';
import { importArticles, type ArticleImportResult, type ImportedArticle, type ImportedComment } from '@/db/queries/imports';
import { addList, chunksOf, ImportInputError, openFile, finishReport, whereText, type ReportBase, type Where } from './files';

// `npm run import -- wordpress FILE.xml`: reads the export twice, as a stream. First to check it
// whole (a broken, cut-short or hostile file is refused before anything is written), then to import
// it, a batch of articles with their comments per transaction.

export type ImportReport = ReportBase & {
  articles: { created: number; alreadyImported: number; byState: Partial<Record<ArticleState, number>> };
  sectionsCreated: number;
  authors: { matchedToAccounts: number; keptAsNames: number };
  missingImages: { src: string; alt: string; reason: string; where: Where }[];
};

export type Progress = { bytes: number; totalBytes: number; items: number; comments: number; phase: 'checking' | 'importing' };
export type ImportOptions = {
  dryRun?: boolean;
  /** A local copy of the old site's wp-content/uploads: the images found there are stored in the image library. */
  uploads?: string;
  onProgress?: (progress: Progress) => void;
};

export { ImportInputError };

/**
 * Articles per transaction, and comments: a batch goes in as a few statements (db/queries/imports.ts
 * importArticles), so that the time goes in the work rather than in round trips to the database.
 */
const articlesPerBatch = 50;
const commentsPerBatch = 5000;

const choices = [
  'nested categories are flattened: each category becomes a section of its own (World › Europe → Europe); a post in several categories goes in its first, and the others become tags',
  'pages are not imported (Margin has no static pages): each is reported as skipped',
  pingbackChoice,
  'comments by registered WordPress users are kept as guest comments (name, email, address)',
  'a post author is matched to a staff account by email; otherwise the byline is the author\'s name',
  'images: with --uploads, each image found in the local copy of wp-content/uploads is stored in the image library (owned by the first admin or editor); any other is left out of the body, its caption kept, and listed under missing images',
];

function sectionSlug(category: { slug: string; name: string }): string {
  let slug = category.slug;
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // keep it as it is
  }
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ? slug : slugify(slug) || slugify(category.name) || 'section';
}

function postSlug(item: WxrItem): string {
  let slug = item.slug;
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // keep it as it is
  }
  return slugify(slug) || slugify(decodeEntities(item.title)) || `post-${item.postId}`;
}

type Site = { source: string; authors: Map<string, WxrAuthor>; categories: Map<string, WxrCategory> };

function parentsOf(slug: string, categories: Map<string, WxrCategory>): string[] {
  const parents: string[] = [];
  let parent = categories.get(slug)?.parentSlug;
  while (parent && !parents.includes(parent) && parents.length < 10) {
    parents.unshift(parent);
    parent = categories.get(parent)?.parentSlug;
  }
  return parents;
}

type Uploads = { folder: string; owner: Staff; stored: Map<string, number | null> } | null;

/** The file an uploads address names inside the local copy of wp-content/uploads, or null. */
function uploadedFile(folder: string, src: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(src, 'http://old.invalid').pathname);
  } catch {
    return null;
  }
  const at = pathname.indexOf('/wp-content/uploads/');
  if (at === -1) return null;
  const file = path.resolve(folder, pathname.slice(at + '/wp-content/uploads/'.length));
  return file.startsWith(path.resolve(folder) + path.sep) && fs.existsSync(file) ? file : null;
}

/**
 * The body as Margin's blocks: an image becomes a library image when its file is in the local
 * uploads copy (stored once, whatever the number of posts showing it), else it is left out (its caption kept) and reported.
 */
async function bodyOf(item: WxrItem, report: ImportReport, uploads: Uploads): Promise<ArticleBlock[]> {
  const where: Where = { line: item.line, post: item.postId };
  const body = convertBody(item.content);
  for (const message of body.warnings) report.warnings.push({ message: `body: ${message}`, where });
  const blocks: ArticleBlock[] = [];
  for (const block of body.blocks as ConvertedBlock[]) {
    if (block.type !== 'wordpress-image') {
      blocks.push(block);
      continue;
    }
    const file = uploads ? uploadedFile(uploads.folder, block.src) : null;
    let imageId = file ? uploads!.stored.get(file) : undefined;
    let reason = uploads ? `not found in ${uploads.folder}` : 'no --uploads folder given';
    if (file && imageId === undefined && !report.dryRun) {
      const stored = await storeImage(uploads!.owner, fs.readFileSync(file));
      imageId = stored.ok ? stored.image.id : null;
      if (!stored.ok) reason = `not an image Margin takes (${stored.problem})`;
      uploads!.stored.set(file, imageId);
    } else if (file) {
      reason = 'found (a dry run stores nothing)';
    }
    if (typeof imageId === 'number') {
      blocks.push({ type: 'image', imageId, alt: block.alt, ...(block.caption ? { caption: block.caption } : {}), text: block.text });
    } else {
      report.missingImages.push({ src: block.src, alt: block.alt, reason, where });
      if (block.caption) blocks.push({ type: 'paragraph', text: block.caption });
    }
  }
  return blocks;
}

/** One item as the data layer's ImportedArticle, with what the report must say about it. */
function articleOf(item: WxrItem, site: Site, status: ImportedArticle['status'], report: ImportReport, blocks: ArticleBlock[]): ImportedArticle {
  const where: Where = { line: item.line, post: item.postId };
  const warn = (message: string, at: Where = where) => report.warnings.push({ message, where: at });
  const published = wordpressTime(item.date, item.dateGmt);
  if (published?.note) warn(published.note);
  const publishedAt = published?.ms ?? Date.now();
  if (!published) warn('the post has no readable date: given the time of the import');
  const modified = wordpressTime(item.modified, item.modifiedGmt);

  const author = site.authors.get(item.creator);
  const categories = item.terms.filter((term) => term.domain === 'category' && term.slug !== 'uncategorized');
  const [first, ...others] = categories;
  const tagTerms = item.terms.filter((term) => term.domain === 'post_tag').concat(others);
  const section = first
    ? (() => {
        const known = site.categories.get(first.slug);
        const name = decodeEntities(known?.name || first.name);
        const slug = sectionSlug({ slug: first.slug, name });
        return { sourceId: first.slug, slug, name, addresses: categoryAddresses(first.slug, parentsOf(first.slug, site.categories)) };
      })()
    : null;

  const tagsBySlug = new Map(tagTerms.map((term) => [sectionSlug({ slug: term.slug, name: term.name }), decodeEntities(term.name)]));
  let headline = normalizeText(decodeEntities(item.title), { multiline: false });
  if (!headline) {
    headline = `(untitled ${item.postId})`;
    warn(`the post has no title: imported as "${headline}"`);
  }
  const comments: ImportedComment[] = [];
  const commentsById = new Map(item.comments.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const importable = item.comments.filter((c) => {
    if (seen.has(c.id)) {
      warn(`comment ${c.id} appears twice on this post: the second copy was left out`, { line: c.line, post: item.postId });
      return false;
    }
    seen.add(c.id);
    const plan = planComment(c);
    if (!plan.import) report.skipped.push({ reason: `comment ${c.id}: ${plan.reason}`, where: { line: c.line, post: item.postId } });
    return plan.import;
  });
  for (const { comment, parent, note } of threadOrder(importable)) {
    const at: Where = { line: comment.line, post: item.postId };
    if (note) {
      // A reply to a pingback that was skipped is not lost: it stands alone.
      const skippedParent = commentsById.get(comment.parent);
      warn(skippedParent ? `comment ${comment.id} replies to ${skippedParent.type || 'a skipped comment'} ${comment.parent}, which was skipped: imported as a top-level comment` : note, at);
    }
    const plan = planComment(comment);
    if (!plan.import) continue;
    const date = wordpressTime(comment.date, comment.dateGmt);
    if (date?.note) warn(`comment ${comment.id}: ${date.note}`, at);
    if (!date) warn(`comment ${comment.id} has no readable date: given the post's`, at);
    const text = commentText(comment.content);
    for (const message of text.warnings) warn(`comment ${comment.id}: ${message}`, at);
    const name = normalizeText(comment.author, { multiline: false }) || 'Anonymous';
    comments.push({
      sourceId: comment.id,
      parentSourceId: parent,
      authorName: name,
      authorEmail: comment.email.trim(),
      authorUrl: comment.url && safeHref(comment.url)?.startsWith('http') ? comment.url.trim() : null,
      ip: comment.ip.trim() || null,
      userAgent: comment.userAgent.trim() || null,
      body: text.text || '(empty)',
      status: plan.status,
      createdAt: date?.ms ?? publishedAt,
    });
  }
  return {
    source: site.source,
    sourceId: item.postId,
    slug: postSlug(item),
    headline,
    standfirst: normalizeText(commentText(item.excerpt).text, { multiline: false }),
    blocks,
    bodyText: blocks.map((block) => block.text).join('\n'),
    status,
    publishedAt,
    modifiedAt: modified?.ms ?? null,
    commentsOpen: item.commentStatus !== 'closed',
    author: author ? { name: decodeEntities(author.displayName || author.login), email: author.email || null } : item.creator ? { name: item.creator, email: null } : null,
    section,
    tags: [...tagsBySlug].map(([slug, name]) => ({ slug, name })),
    addresses: postAddresses(item),
    otherAddresses: [
      ...item.terms
        .filter((term) => term.domain === 'post_tag')
        .map((term) => ({ path: `/tag/${term.slug}/`, target: `/tags/${sectionSlug({ slug: term.slug, name: term.name })}` })),
      ...others.flatMap((term) =>
        categoryAddresses(term.slug, parentsOf(term.slug, site.categories)).map((path) => ({ path, target: `/tags/${sectionSlug({ slug: term.slug, name: term.name })}` })),
      ),
    ],
    comments,
  };
}

function emptyReport(dryRun: boolean): ImportReport {
  return {
    source: '',
    dryRun,
    articles: { created: 0, alreadyImported: 0, byState: {} },
    comments: { added: { approved: 0, pending: 0, spam: 0, trash: 0 }, alreadyImported: 0 },
    sectionsCreated: 0,
    authors: { matchedToAccounts: 0, keptAsNames: 0 },
    skipped: [],
    warnings: [],
    missingImages: [],
    choices,
    bytes: 0,
    seconds: 0,
    commentsPerSecond: 0,
    peakMemoryMb: 0,
  };
}

async function uploadsOf(folder: string): Promise<NonNullable<Uploads>> {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new ImportInputError(`--uploads: there is no folder at ${folder}.`);
  const staff = (await listAccounts(getDb())).filter((account) => !account.disabled && can(account.role, 'write'));
  const owner = staff.find((account) => account.role === 'admin') ?? staff.find((account) => account.role === 'editor') ?? staff[0];
  if (!owner) throw new ImportInputError('--uploads: the images need a staff account to own them; add one first (npm run accounts -- add …).');
  return { folder, owner: { id: owner.id, email: owner.email, name: owner.name, role: owner.role }, stored: new Map() };
}

/** Checks the whole file without writing: throws WxrError (with the line) for a file that cannot be imported. */
async function checkFile(file: string, totalBytes: number, onProgress?: ImportOptions['onProgress']): Promise<void> {
  let items = 0;
  let comments = 0;
  for await (const record of readWxr(chunksOf(file), (bytes) => onProgress?.({ bytes, totalBytes, items, comments, phase: 'checking' }))) {
    if (record.kind === 'item') {
      items++;
      comments += record.comments.length;
    }
  }
}

/** Imports a WordPress export (WXR 1.1 or 1.2). Throws WxrError or ImportInputError, having written nothing. */
export async function importWordpress(file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const started = performance.now();
  const { size } = openFile(file);
  const report = emptyReport(Boolean(options.dryRun));
  const uploads = options.uploads ? await uploadsOf(options.uploads) : null;
  await checkFile(file, size, options.onProgress);
  const site: Site = { source: '', authors: new Map(), categories: new Map() };
  const sectionsSeen = new Set<string>();
  let items = 0;
  let commentsDone = 0;
  let bytesRead = 0;
  let peakRss = process.memoryUsage.rss();
  let batch: { article: ImportedArticle; where: Where; comments: number }[] = [];
  let batchComments = 0;
  const settle = ({ article, where, comments }: (typeof batch)[number], result: ArticleImportResult) => {
    if (result.slugNote) report.warnings.push({ message: result.slugNote, where });
    if (result.created) {
      report.articles.created++;
      const state = articleState(article.status, new Date(article.publishedAt));
      report.articles.byState[state] = (report.articles.byState[state] ?? 0) + 1;
      if (result.authorMatched) report.authors.matchedToAccounts++;
      else report.authors.keptAsNames++;
    } else {
      report.articles.alreadyImported++;
    }
    if (result.sectionCreated && article.section && !sectionsSeen.has(article.section.slug)) {
      sectionsSeen.add(article.section.slug);
      report.sectionsCreated++;
    }
    for (const [status, n] of Object.entries(result.commentsAdded) as [CommentStatus, number][]) report.comments.added[status] += n;
    report.comments.alreadyImported += result.commentsKnown;
    commentsDone += comments;
  };
  // A batch is one transaction: an article is whole or absent.
  const flush = async () => {
    const results = await importArticles(batch.map((entry) => entry.article), { dryRun: report.dryRun });
    batch.forEach((entry, i) => settle(entry, results[i]!));
    batch = [];
    batchComments = 0;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
  for await (const record of readWxr(chunksOf(file), (bytes) => (bytesRead = bytes))) {
    if (record.kind === 'author') site.authors.set(record.login, record);
    else if (record.kind === 'category') site.categories.set(record.slug, record);
    else if (record.kind === 'site') {
      site.source = `wordpress ${record.baseSiteUrl.replace(/\/+$/, '')}`;
      report.source = site.source;
    } else if (record.kind === 'item') {
      items++;
      const plan = planItem(record);
      if (!plan.import) {
        report.skipped.push({ reason: `"${decodeEntities(record.title)}": ${plan.reason}${record.comments.length ? ` (and its ${record.comments.length} comments)` : ''}`, where: { line: record.line, post: record.postId } });
        continue;
      }
      if (plan.note) report.warnings.push({ message: plan.note, where: { line: record.line, post: record.postId } });
      const article = articleOf(record, site, plan.status, report, await bodyOf(record, report, uploads));
      const where: Where = { line: record.line, post: record.postId };
      batch.push({ article, where, comments: record.comments.length });
      batchComments += article.comments.length;
      if (batch.length >= articlesPerBatch || batchComments >= commentsPerBatch) await flush();
      options.onProgress?.({ bytes: bytesRead, totalBytes: size, items, comments: commentsDone, phase: 'importing' });
    }
  }
  if (batch.length) await flush();
  finishReport(report, size, started, peakRss);
  return report;
}

/** The report as lines for a person: counts first, then what was skipped and why, then warnings with where. */
export function describeReport(report: ImportReport): string[] {
  const at = whereText;
  const added = report.comments.added;
  const lines = [
    `${report.dryRun ? 'Dry run (nothing was written): would import' : 'Imported'} from ${report.source}:`,
    `  articles: ${report.articles.created} new (${Object.entries(report.articles.byState).map(([state, n]) => `${n} ${state}`).join(', ') || 'none'}), ${report.articles.alreadyImported} imported before`,
    `  comments: ${added.approved} approved, ${added.pending} pending, ${added.spam} spam, ${added.trash} trash; ${report.comments.alreadyImported} imported before`,
    `  sections created: ${report.sectionsCreated}; authors matched to accounts: ${report.authors.matchedToAccounts}, kept as names: ${report.authors.keptAsNames}`,
    `  ${report.bytes} bytes in ${report.seconds.toFixed(1)} s, ${report.commentsPerSecond} comments/s, peak memory ${report.peakMemoryMb} MB`,
    'Choices:',
    ...report.choices.map((choice) => `  - ${choice}`),
  ];
  const list = (title: string, entries: string[]) => addList(lines, title, entries);
  list('Skipped', report.skipped.map((s) => `${at(s.where)}: ${s.reason}`));
  list('Missing images (not in the body, caption kept as text)', report.missingImages.map((m) => `${at(m.where)}: ${m.src}${m.alt ? ` (alt: ${m.alt})` : ''}: ${m.reason}`));
  list('Warnings', report.warnings.map((w) => `${at(w.where)}: ${w.message}`));
  return lines;
}

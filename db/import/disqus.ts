import 'server-only';
import type { CommentStatus } from '@/lib/comments';
import { normalizeText } from '@/lib/text';
import { commentText } from '@/lib/wordpress/body';
import { anonymousChoice, disqusTime, postAuthor, postStatus, threadCandidates, type AddressMap } from '@/lib/disqus/mapping';
import { readDisqus, type DisqusPost, type DisqusThread } from '@/lib/disqus/reader';
import { findArticleAt, importComments, type ImportedComment } from '@/db/queries/imports';
import { addList, chunksOf, openFile, finishReport, whereText, type ReportBase, type Where } from './files';

// `npm run import -- disqus FILE.xml`: a Disqus export's comments onto the articles already here.
// Read twice as a stream: first whole, to refuse a broken file before anything is written and to
// learn each post's thread; then to import, a batch of posts per transaction.

export type DisqusReport = ReportBase & { threads: { matched: number; skipped: number } };

export type DisqusProgress = { bytes: number; totalBytes: number; items: number; comments: number; phase: 'checking' | 'importing' };
export type DisqusOptions = {
  dryRun?: boolean;
  /** `--map old-prefix=new-prefix`: how the site's addresses changed since the comments were written. */
  maps?: AddressMap[];
  onProgress?: (progress: DisqusProgress) => void;
};

/** Posts per transaction. */
const batchSize = 500;

const choices = [
  'a thread is matched to an article by its link (a Margin article address, or an old WordPress address a WordPress import brought), after --map, then by its identifier; a thread matching nothing is skipped with its posts',
  'isSpam → spam, isDeleted → trash, any other post → approved; a thread\'s isClosed and isDeleted leave the article as it is',
  anonymousChoice,
  'a reply whose parent comes later in the file waits for its parent and goes in after it; a reply whose parent is missing or on another thread becomes a top-level comment',
];

/** What the first reading learns: the forum, each post's thread and place in the file, each thread's number of posts. */
type Survey = { forum: string; posts: Map<string, { threadId: string; index: number }>; postsPerThread: Map<string, number> };

async function survey(file: string, totalBytes: number, onProgress?: DisqusOptions['onProgress']): Promise<Survey> {
  const found: Survey = { forum: '', posts: new Map(), postsPerThread: new Map() };
  let threads = 0;
  for await (const record of readDisqus(chunksOf(file), (bytes) => onProgress?.({ bytes, totalBytes, items: threads, comments: found.posts.size, phase: 'checking' }))) {
    if (record.kind === 'thread') {
      threads++;
      found.forum ||= record.forum.trim();
    } else if (record.kind === 'category') {
      found.forum ||= record.forum.trim();
    } else if (!found.posts.has(record.dsqId)) {
      found.posts.set(record.dsqId, { threadId: record.threadId, index: found.posts.size });
      found.postsPerThread.set(record.threadId, (found.postsPerThread.get(record.threadId) ?? 0) + 1);
    }
  }
  return found;
}

function emptyReport(dryRun: boolean): DisqusReport {
  return {
    source: '',
    dryRun,
    threads: { matched: 0, skipped: 0 },
    comments: { added: { approved: 0, pending: 0, spam: 0, trash: 0 }, alreadyImported: 0 },
    skipped: [],
    warnings: [],
    choices,
    bytes: 0,
    seconds: 0,
    commentsPerSecond: 0,
    peakMemoryMb: 0,
  };
}

/** One post as the data layer's ImportedComment, with what the report must say about it. */
function commentOf(post: DisqusPost, found: Survey, thread: DisqusThread | undefined, report: DisqusReport): ImportedComment {
  const where: Where = { line: post.line, post: post.dsqId };
  const warn = (message: string) => report.warnings.push({ message, where });
  let parent: string | null = post.parentId || null;
  if (parent !== null) {
    const known = found.posts.get(parent);
    const self = found.posts.get(post.dsqId)!;
    let problem = '';
    if (!known) problem = `replies to post ${parent}, which is not in the file`;
    else if (known.threadId !== post.threadId) problem = `replies to post ${parent}, which is on another thread`;
    else if (known.index === self.index) problem = 'replies to itself';
    if (problem) {
      warn(`${problem}: imported as a top-level comment`);
      parent = null;
    }
  }
  const date = disqusTime(post.createdAt);
  if (date?.note) warn(date.note);
  const threadDate = thread ? disqusTime(thread.createdAt)?.ms : undefined;
  if (!date) warn(`no readable date (${JSON.stringify(post.createdAt)}): given the ${threadDate === undefined ? 'time of the import' : "thread's"}`);
  const text = commentText(post.message);
  for (const message of text.warnings) warn(message);
  const author = postAuthor(post);
  return {
    sourceId: post.dsqId,
    parentSourceId: parent,
    authorName: normalizeText(author.name, { multiline: false }) || 'Anonymous',
    authorEmail: author.email,
    authorUrl: null,
    ip: post.ipAddress.trim() || null,
    userAgent: null,
    body: text.text || '(empty)',
    status: postStatus(post),
    createdAt: date?.ms ?? threadDate ?? Date.now(),
  };
}

/** Imports a Disqus export's comments. Throws DisqusError or ImportInputError, having written nothing. */
export async function importDisqus(file: string, options: DisqusOptions = {}): Promise<DisqusReport> {
  const started = performance.now();
  const { size } = openFile(file);
  const report = emptyReport(Boolean(options.dryRun));
  const found = await survey(file, size, options.onProgress);
  report.source = `disqus:${found.forum || 'unnamed-forum'}`;
  if (!found.forum) report.warnings.push({ message: 'the export names no forum: its comments are remembered as from "disqus:unnamed-forum"', where: { line: 1 } });
  const threads = new Map<string, { thread: DisqusThread; articleId: number | null }>();
  const seen = new Set<string>();
  let batch = new Map<number, ImportedComment[]>();
  let batched = 0;
  let done = 0;
  let threadCount = 0;
  let bytesRead = 0;
  let peakRss = process.memoryUsage.rss();
  const flush = async () => {
    if (!batched) return;
    const result = await importComments(report.source, [...batch].map(([articleId, comments]) => ({ articleId, comments })), { dryRun: report.dryRun });
    for (const status of Object.keys(result.commentsAdded) as CommentStatus[]) report.comments.added[status] += result.commentsAdded[status];
    report.comments.alreadyImported += result.commentsKnown;
    done += batched;
    batch = new Map();
    batched = 0;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    options.onProgress?.({ bytes: bytesRead, totalBytes: size, items: threadCount, comments: done, phase: 'importing' });
  };
  /** Replies whose parent comes later in the file, by their parent's id; `deferred`: their own ids. */
  const waiting = new Map<string, { articleId: number; comment: ImportedComment; where: Where }[]>();
  const deferred = new Set<string>();
  const add = async (articleId: number, comment: ImportedComment): Promise<void> => {
    const list = batch.get(articleId) ?? [];
    list.push(comment);
    batch.set(articleId, list);
    if (++batched >= batchSize) await flush();
    const replies = waiting.get(comment.sourceId);
    if (!replies) return;
    waiting.delete(comment.sourceId);
    for (const reply of replies) {
      deferred.delete(reply.comment.sourceId);
      await add(reply.articleId, reply.comment);
    }
  };
  for await (const record of readDisqus(chunksOf(file), (bytes) => (bytesRead = bytes))) {
    if (record.kind === 'thread') {
      threadCount++;
      if (threads.has(record.dsqId)) {
        report.warnings.push({ message: `thread ${record.dsqId} appears twice: the second copy was left out`, where: { line: record.line } });
        continue;
      }
      const { paths, slugs } = threadCandidates(record, options.maps ?? []);
      const article = await findArticleAt(paths, slugs);
      threads.set(record.dsqId, { thread: record, articleId: article?.id ?? null });
      if (article) report.threads.matched++;
      else {
        report.threads.skipped++;
        const posts = found.postsPerThread.get(record.dsqId) ?? 0;
        const named = [record.link.trim() || '(no link)', record.identifier.trim() ? `identifier ${JSON.stringify(record.identifier.trim())}` : ''].filter(Boolean).join(', ');
        report.skipped.push({ reason: `thread ${record.dsqId} (${named}): no article at this address${posts ? ` (and its ${posts === 1 ? 'comment' : `${posts} comments`})` : ''}`, where: { line: record.line } });
      }
    } else if (record.kind === 'post') {
      const where: Where = { line: record.line, post: record.dsqId };
      if (seen.has(record.dsqId)) {
        report.warnings.push({ message: `post ${record.dsqId} appears twice: the second copy was left out`, where });
        continue;
      }
      seen.add(record.dsqId);
      const thread = threads.get(record.threadId);
      if (!thread) {
        report.skipped.push({ reason: `post ${record.dsqId}: its thread ${record.threadId} is not in the file`, where });
        continue;
      }
      if (thread.articleId === null) continue;
      const comment = commentOf(record, found, thread.thread, report);
      const parent = comment.parentSourceId === null ? undefined : found.posts.get(comment.parentSourceId);
      if (parent && (parent.index > found.posts.get(record.dsqId)!.index || deferred.has(comment.parentSourceId!))) {
        // Its parent comes later in the file (or waits itself): it waits, in memory (only such
        // replies), and goes in right after its parent.
        const list = waiting.get(comment.parentSourceId!) ?? [];
        list.push({ articleId: thread.articleId, comment, where });
        waiting.set(comment.parentSourceId!, list);
        deferred.add(comment.sourceId);
        continue;
      }
      await add(thread.articleId, comment);
    }
  }
  // Replies still waiting replied to each other in a cycle: one goes in as a top-level comment,
  // with a warning, and the rest of its cycle after it.
  for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
    const [parentId, list] = next.value;
    const { articleId, comment, where } = list.shift()!;
    if (list.length === 0) waiting.delete(parentId);
    deferred.delete(comment.sourceId);
    report.warnings.push({ message: `replies to post ${parentId} in a cycle of replies: imported as a top-level comment`, where });
    await add(articleId, { ...comment, parentSourceId: null });
  }
  await flush();
  finishReport(report, size, started, peakRss);
  return report;
}

/** The report as lines for a person: counts, choices, then what was skipped and the warnings, with where. Never an email. */
export function describeDisqusReport(report: DisqusReport): string[] {
  const added = report.comments.added;
  const lines = [
    `${report.dryRun ? 'Dry run (nothing was written): would import' : 'Imported'} from ${report.source}:`,
    `  threads: ${report.threads.matched} matched to articles, ${report.threads.skipped} skipped`,
    `  comments: ${added.approved} approved, ${added.pending} pending, ${added.spam} spam, ${added.trash} trash; ${report.comments.alreadyImported} imported before`,
    `  ${report.bytes} bytes in ${report.seconds.toFixed(1)} s, ${report.commentsPerSecond} comments/s, peak memory ${report.peakMemoryMb} MB`,
    'Choices:',
    ...report.choices.map((choice) => `  - ${choice}`),
  ];
  addList(lines, 'Skipped', report.skipped.map((s) => `${whereText(s.where)}: ${s.reason}`));
  addList(lines, 'Warnings', report.warnings.map((w) => `${whereText(w.where)}: ${w.message}`));
  return lines;
}

import fs from 'node:fs';
import path from 'node:path';
import { decoded, hiddenFields, multipart, percentile, request } from './http';
import { postLoad, type CommentForm } from './post-load';
import { runWrk, type LoadResult } from './wrk';

// A news site's worst hour on one story: the hot article read at full speed while readers post
// with JavaScript and a moderator approves several a second through the real action, each approval
// emptying the article's cached pages. What readers get meanwhile, how soon an approved comment is
// public (on the newest-first page, where a new comment always is: the article's own address shows
// the oldest first), and how many reader requests the edge sent to Next (a MISS) per approval: one,
// if waiting readers are answered from the page being replaced instead of each rendering it.

/** Counts the answers the page cache did not give (x-margin-cache: MISS), over wrk's threads. */
const countMissesLua = `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) misses = 0; stale = 0 end
function response(status, headers, body)
  local state = headers["x-margin-cache"]
  if state == "MISS" then misses = misses + 1 elseif state == "STALE" then stale = stale + 1 end
end
function done(summary, latency, requests)
  local m, s = 0, 0
  for _, t in ipairs(threads) do m = m + t:get("misses"); s = s + t:get("stale") end
  io.write(string.format("margin-misses %d\\nmargin-stale %d\\n", m, s))
end
`;

/** Approvals sent and not yet answered, at most: a slower server gets fewer, not a queue. */
const maxApprovalsInFlight = 5;

export type LiveStoryResult = {
  reads: LoadResult;
  /** Reader requests (wrk's, on the article's own address) the edge sent to Next. */
  misses: number;
  /** The approval checks' requests for the newest-first page the edge sent to Next. */
  checkerMisses: number;
  /** Answered from the page being replaced while one request renders its successor. */
  staleAnswers: number;
  approvals: number;
  approvalMs: { median: number; slowest: number; notSeen: number };
  postsPerSecond: number;
  postsAcknowledged: number;
  postIds: number[];
  missesPerApproval: number;
};

/** The approve form of the moderation queue's first row, with its comment to fill in. */
async function approveForm(base: string, adminCookie: string, slug: string): Promise<{ url: string; fields: [string, string][] }> {
  const url = `${base}/admin?status=pending&article=${slug}`;
  const html = decoded(await request(url, { headers: { Cookie: adminCookie, 'Accept-Encoding': 'gzip' } }));
  const form = /<form\b[^>]*class="row-buttons"[^>]*>[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error('the moderation queue has no row to approve');
  return { url, fields: [...hiddenFields(form).filter(([name]) => name !== 'commentId'), ['intent', 'approve']] };
}

export async function liveStory(options: {
  wrk: string;
  base: string;
  article: { id: number; slug: string };
  form: CommentForm;
  adminCookie: string;
  seconds: number;
  connections: number;
  approvalsPerSecond: number;
  posters: number;
  marker: string;
  tmp: string;
}): Promise<LiveStoryResult> {
  const { base, article } = options;
  const pageUrl = `${base}/articles/${article.slug}`;
  const newestUrl = `${pageUrl}/comments/newest`;
  const script = path.join(options.tmp, 'count-misses.lua');
  fs.writeFileSync(script, countMissesLua);
  const waiting: number[] = [];
  const approveWith = await approveForm(base, options.adminCookie, article.slug);
  const reading = runWrk(options.wrk, pageUrl, {
    threads: Math.min(2, options.connections),
    connections: options.connections,
    seconds: options.seconds,
    headers: { 'Accept-Encoding': 'gzip, br' },
    script,
  });
  const posting = postLoad({
    base,
    form: options.form,
    articleId: article.id,
    connections: options.posters,
    seconds: options.seconds,
    marker: options.marker,
    kind: 'script',
    onPosted: (id) => waiting.push(id),
  });

  // The moderator: one approval each 1/rate s through the queue's own form, on time whether or
  // not the last one has answered (at most a few in flight, as several moderators' tabs would be),
  // and for each a reader who asks for the page until it shows the comment.
  const approvalTimes: number[] = [];
  let notSeen = 0;
  let checkMisses = 0;
  let inFlight = 0;
  const checks: Promise<void>[] = [];
  const started = performance.now();
  const end = started + options.seconds * 1000 - 1000; // the last second: room for the last checks
  const interval = 1000 / options.approvalsPerSecond;

  async function approveAndWatch(id: number): Promise<void> {
    const { body, contentType } = multipart([...approveWith.fields, ['commentId', String(id)]]);
    const t0 = performance.now();
    inFlight++;
    try {
      const answer = await request(approveWith.url, {
        method: 'POST',
        body,
        headers: { Origin: base, Cookie: options.adminCookie, 'Content-Type': contentType, 'Content-Length': String(body.length) },
      });
      if (answer.status >= 400) throw new Error(`the approve action answered ${answer.status}`);
    } finally {
      inFlight--;
    }
    while (performance.now() - t0 < 5000) {
      const page = await request(newestUrl, { headers: { 'Accept-Encoding': 'gzip' } });
      if (page.headers['x-margin-cache'] === 'MISS') checkMisses++;
      if (decoded(page).includes(`id="comment-${id}"`)) {
        approvalTimes.push(performance.now() - t0);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    notSeen++;
  }

  for (let next = started; performance.now() < end; next += interval) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    if (inFlight >= maxApprovalsInFlight) continue;
    const id = waiting.shift();
    if (id !== undefined) checks.push(approveAndWatch(id));
  }
  const [reads, posts] = await Promise.all([reading, posting, Promise.all(checks)]);
  const { raw, ...readFigures } = reads;
  const count = (name: string) => Number(new RegExp(`${name} (\\d+)`).exec(raw)?.[1] ?? NaN);
  const misses = count('margin-misses');
  const approvals = approvalTimes.length + notSeen;
  approvalTimes.sort((a, b) => a - b);
  return {
    reads: readFigures,
    misses,
    checkerMisses: checkMisses,
    staleAnswers: count('margin-stale'),
    approvals,
    approvalMs: { median: percentile(approvalTimes, 50), slowest: approvalTimes.at(-1) ?? NaN, notSeen },
    postsPerSecond: posts.rps,
    postsAcknowledged: posts.acknowledged,
    postIds: posts.ids,
    missesPerApproval: approvals ? misses / approvals : NaN,
  };
}

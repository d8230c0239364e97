import { decoded, median, request } from './http';
import { cpuMs } from './procs';
import { runWrk, type LoadResult } from './wrk';

// A story whose discussion ran for days: thousands of approved comments and many more held, on one
// article. Its pages are served from the page cache at the usual rate; a page the cache does not
// have (a moderator's decision just emptied it) renders from that page's comments alone, whatever
// the discussion's length; and every permalink lands on the page that shows its comment.

export type DeepThreadResult = {
  /** Comment pages, oldest first, and the middle one measured. */
  pages: number;
  middlePage: number;
  commentsOnMiddlePage: number;
  /**
   * Cache misses rendered, one per page around the middle, in both orders: ms each as the client
   * waited, and the server's CPU ms per render (its process group's, summed over them all: robust
   * to the machine's other work, which the waiting is not).
   */
  missRenders: { ms: number[]; median: number; slowest: number; cpuMsEach: number; notMiss: number };
  /** The same for ordinary articles' own pages (a few comments each), rendered just before: the yardstick. */
  controlRenders: { articles: number; median: number; cpuMsEach: number };
  /** The middle page from the page cache. */
  cached: LoadResult;
  permalinks: { checked: number; landed: number; wrong: string[]; heldAnswers: number | null };
};

const pageOf = (html: string) => Number(/Page (\d+) of (\d+)/.exec(html.replace(/<!-- -->/g, ''))?.[2] ?? NaN);
const commentIds = (html: string) => new Set(html.match(/id="comment-\d+"/g) ?? []);

export async function deepThread(options: {
  wrk: string;
  base: string;
  article: { slug: string; approvedIds: number[]; heldId: number | null };
  seconds: number;
  connections: number;
  /** The server's process group, whose CPU time a render costs. */
  serverPid: number;
  /** Comment pages around the middle whose first (uncached) render is timed, per order. */
  missSamples?: number;
  /** Ordinary articles whose own page renders first, uncached, as a yardstick. */
  controlSlugs: string[];
}): Promise<DeepThreadResult> {
  const { base, article } = options;
  const articleUrl = `${base}/articles/${article.slug}`;
  const gzip = { 'Accept-Encoding': 'gzip, br' };

  // The article's own address (page 1) renders first: the route's code is then warm.
  const landing = await request(articleUrl, { headers: gzip });
  if (landing.status !== 200) throw new Error(`the deep thread's article answered ${landing.status}`);
  const pages = pageOf(decoded(landing));
  if (!Number.isFinite(pages) || pages < 3) throw new Error(`the deep thread has ${pages} comment pages: too few to measure`);
  const middlePage = Math.ceil(pages / 2);

  // Each route's code runs once before anything is timed.
  for (const path of ['comments/2', 'comments/newest/2']) await request(`${articleUrl}/${path}`, { headers: gzip });

  // The yardstick: ordinary articles' pages, each rendered once (a miss).
  const controlMs: number[] = [];
  const controlCpuBefore = cpuMs(options.serverPid);
  for (const slug of options.controlSlugs) controlMs.push((await request(`${base}/articles/${slug}`, { headers: gzip })).ms);
  const controlCpuMsEach = (cpuMs(options.serverPid) - controlCpuBefore) / Math.max(1, controlMs.length);

  // Cache misses: the first request for each page around the middle, oldest and newest first.
  const samples = Math.max(1, options.missSamples ?? 5);
  const around = Array.from({ length: samples }, (_, i) => middlePage - Math.floor(samples / 2) + i).filter((n) => n > 2 && n <= pages);
  const missMs: number[] = [];
  let notMiss = 0;
  const cpuBefore = cpuMs(options.serverPid);
  for (const page of around) {
    for (const path of [`comments/${page}`, `comments/newest/${page}`]) {
      const answer = await request(`${articleUrl}/${path}`, { headers: gzip });
      if (answer.status !== 200) throw new Error(`${path} of the deep thread answered ${answer.status}`);
      if (answer.headers['x-margin-cache'] === 'MISS') missMs.push(answer.ms);
      else notMiss++;
    }
  }
  const cpuMsEach = (cpuMs(options.serverPid) - cpuBefore) / Math.max(1, missMs.length + notMiss);
  missMs.sort((a, b) => a - b);

  // The middle page from the cache, once the edge keeps it.
  const middleUrl = `${articleUrl}/comments/${middlePage}`;
  let middle = await request(middleUrl, { headers: gzip });
  for (let tries = 0; tries < 100 && middle.headers['x-margin-cache'] !== 'HIT'; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    middle = await request(middleUrl, { headers: gzip });
  }
  const cached = await runWrk(options.wrk, middleUrl, {
    threads: Math.min(2, options.connections),
    connections: options.connections,
    seconds: options.seconds,
    headers: gzip,
  });

  // Permalinks across the discussion: each must land on a page that shows its comment.
  const step = Math.max(1, Math.floor(article.approvedIds.length / 20));
  const sampleIds = [...article.approvedIds.filter((_, i) => i % step === 0), article.approvedIds.at(-1)!];
  const wrong: string[] = [];
  let landed = 0;
  for (const id of sampleIds) {
    const permalink = await request(`${base}/comments/${id}`);
    const location = permalink.headers.location ?? '';
    const target = location.replace(/#.*$/, '');
    const page = target ? await request(new URL(target, base).href, { headers: gzip }) : null;
    if (permalink.status === 307 && location.endsWith(`#comment-${id}`) && page?.status === 200 && commentIds(decoded(page)).has(`id="comment-${id}"`)) landed++;
    else wrong.push(`${id}: ${permalink.status} → ${location || 'nowhere'}`);
  }
  const held = article.heldId === null ? null : (await request(`${base}/comments/${article.heldId}`)).status;

  return {
    pages,
    middlePage,
    commentsOnMiddlePage: commentIds(decoded(middle)).size,
    missRenders: { ms: missMs, median: median(missMs), slowest: missMs.at(-1) ?? NaN, cpuMsEach, notMiss },
    controlRenders: { articles: controlMs.length, median: median(controlMs), cpuMsEach: controlCpuMsEach },
    cached,
    permalinks: { checked: sampleIds.length, landed, wrong, heldAnswers: held },
  };
}

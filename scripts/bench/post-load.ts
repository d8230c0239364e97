import { hiddenFields, multipart, percentile, request } from './http';

// Posting comments the way a browser without JavaScript does: the page's form, its hidden server
// action fields, a multipart body, an Origin header; the server answers 303 to the comment.
// Every post comes from a reader of its own: its own loopback address (127.x.y.z, a new connection)
// and its own email, so the flood limits stay at their defaults and are checked on every post.

let readers = 0;

/**
 * A new reader: a loopback address and an email no earlier post of this run used. Each address is
 * in a /24 of its own too (the network flood limit), for the first 62,500 readers.
 */
export function nextReader(): { address: string; email: string } {
  const n = readers++;
  const address = `127.${1 + (n % 250)}.${Math.floor(n / 250) % 250}.${1 + (Math.floor(n / 62_500) % 250)}`;
  return { address, email: `reader-${n}@bench.example` };
}

export type CommentForm = { url: string; hidden: [string, string][] };

/** The no-JS comment form of a page: its hidden $ACTION_* fields and bound arguments. */
export function commentFormOf(html: string, pageUrl: string): CommentForm {
  const form = /<form\b[^>]*class="comment-form"[^>]*>[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error(`no comment form on ${pageUrl}`);
  const hidden = hiddenFields(form).filter(([name]) => name !== 'formToken' && name !== 'parentId');
  if (!hidden.some(([name]) => name.startsWith('$ACTION_'))) throw new Error('the comment form has no server action fields');
  return { url: pageUrl, hidden };
}

export async function freshToken(base: string, articleId: number): Promise<string> {
  const response = await request(`${base}/api/form-token?article=${articleId}`);
  const token = (JSON.parse(response.body.toString()) as { token?: string }).token;
  if (response.status !== 200 || !token) throw new Error(`GET /api/form-token answered ${response.status}`);
  return token;
}

export type PostOutcome = { status: number; location: string | undefined; ms: number; id: number | null; message?: string };

export async function postComment(
  form: CommentForm,
  origin: string,
  fields: { token: string; comment: string; name: string },
  from: { address: string; email: string } = nextReader(),
): Promise<PostOutcome> {
  const { body, contentType } = multipart([
    ...form.hidden,
    ['parentId', ''],
    ['formToken', fields.token],
    ['homepage', ''],
    ['comment', fields.comment],
    ['name', fields.name],
    ['email', from.email],
    ['website', ''],
  ]);
  const response = await request(form.url, {
    method: 'POST',
    localAddress: from.address,
    body,
    headers: {
      Origin: origin,
      'Content-Type': contentType,
      'Content-Length': String(body.length),
      Accept: 'text/html',
      'User-Agent': 'margin-bench',
    },
  });
  const location = response.headers.location;
  const id = Number(/#comment-(\d+)$/.exec(location ?? '')?.[1] ?? NaN);
  // Anything but the 303 is the form again with the action's message (or an error page).
  const message =
    response.status === 303
      ? undefined
      : (/id="error-summary-title"[^>]*>([^<]*)</.exec(response.body.toString())?.[1] ?? `HTTP ${response.status}`);
  return { status: response.status, location, ms: response.ms, id: Number.isFinite(id) ? id : null, message };
}

export type PostLoadResult = {
  rps: number;
  p50: number;
  p99: number;
  attempted: number;
  acknowledged: number;
  failed: number;
  statuses: Record<string, number>;
  /** What the answers other than 303 said, counted. */
  messages: Record<string, number>;
  ids: number[];
};

/** A closed loop: `connections` workers, each sending the next reader's post as soon as its answer arrives. */
export async function postLoad(options: {
  base: string;
  form: CommentForm;
  articleId: number;
  connections: number;
  seconds: number;
  marker: string;
}): Promise<PostLoadResult> {
  const tokens = await Promise.all(Array.from({ length: options.connections }, () => freshToken(options.base, options.articleId)));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const messages: Record<string, number> = {};
  const ids: number[] = [];
  let attempted = 0;
  let failed = 0;
  let sequence = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const worker = async (w: number) => {
    while (performance.now() < end) {
      const n = sequence++;
      attempted++;
      try {
        // One token per worker; each text is distinct, so each post has its own idempotency key.
        const outcome = await postComment(options.form, options.base, {
          token: tokens[w]!,
          comment: `${options.marker} ${n}: a comment posted by the bench, with ordinary words and no links.`,
          name: `Bench Reader ${n}`,
        });
        latencies.push(outcome.ms);
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        if (outcome.status === 303 && outcome.id !== null) ids.push(outcome.id);
        else {
          failed++;
          const message = outcome.message ?? 'no comment id in the redirect';
          messages[message] = (messages[message] ?? 0) + 1;
        }
      } catch {
        failed++;
        statuses.error = (statuses.error ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: ids.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    attempted,
    acknowledged: ids.length,
    failed,
    statuses,
    messages,
    ids,
  };
}

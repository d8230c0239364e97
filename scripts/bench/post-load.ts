import { hiddenFields, multipart, percentile, request, type Response } from './http';

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

/** How a browser sends the comment form: a plain form post, or the server action's fetch with JavaScript. */
export type PostKind = 'plain' | 'script';

/** The no-JS comment form of a page: its hidden $ACTION_* fields and bound arguments. */
export function commentFormOf(html: string, pageUrl: string): CommentForm {
  const form = /<form\b[^>]*class="comment-form"[^>]*>[\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error(`no comment form on ${pageUrl}`);
  const hidden = hiddenFields(form).filter(([name]) => name !== 'formToken' && name !== 'parentId');
  if (!hidden.some(([name]) => name.startsWith('$ACTION_'))) throw new Error('the comment form has no server action fields');
  return { url: pageUrl, hidden };
}

export async function freshToken(base: string, articleId: number): Promise<string> {
  return (await formTicket(base, articleId)).token;
}

/**
 * What the form fetches once the page has loaded, as a browser with JavaScript does: a form token,
 * and the reader cookie the answer sets for a browser that has none.
 */
export async function formTicket(base: string, articleId: number): Promise<{ token: string; cookie: string }> {
  const response = await request(`${base}/api/form-token?article=${articleId}`);
  const token = (JSON.parse(response.body.toString()) as { token?: string }).token;
  if (response.status !== 200 || !token) throw new Error(`GET /api/form-token answered ${response.status}`);
  const setCookie = response.headers['set-cookie'] ?? [];
  return { token, cookie: setCookie.map((line) => line.split(';')[0]).join('; ') };
}

export type PostOutcome = { status: number; location: string | undefined; ms: number; id: number | null; message?: string; bytes: number };

/**
 * The request a browser with JavaScript sends for the same form (React's encodeReply, as Chromium
 * was seen to send it): the form's fields under the prefix `_1_`, the action's arguments (the bound
 * slug, the form's state, a reference to the form data) in field `0`, and the action's id in the
 * Next-Action header. The answer is the action's React payload, 200.
 */
function scriptedRequest(form: CommentForm, fields: [string, string][]): { fields: [string, string][]; headers: Record<string, string> } {
  const bound = form.hidden.find(([name]) => /^\$ACTION_\d+:0$/.test(name))?.[1];
  const boundArgs = form.hidden.find(([name]) => /^\$ACTION_\d+:1$/.test(name))?.[1];
  const actionId = bound ? (JSON.parse(bound) as { id?: string }).id : undefined;
  if (!actionId || !boundArgs) throw new Error('the comment form has no bound server action');
  const [slug] = JSON.parse(boundArgs) as [string];
  const path = new URL(form.url).pathname;
  // The router's state for the article page, as the browser sends it.
  const tree = ['', { children: ['articles', { children: [['slug', slug, 'd', null], { children: ['__PAGE__', {}, null, null, 1024] }, null, null, 1024] }, null, null, 1024] }, null, null, 1040];
  return {
    fields: [...[...form.hidden, ...fields].map(([name, value]): [string, string] => [`_1_${name}`, value]), ['0', JSON.stringify([slug, { status: 'idle' }, '$K1'])]],
    headers: {
      'Next-Action': actionId,
      'Next-Router-State-Tree': encodeURIComponent(JSON.stringify(tree)),
      Accept: 'text/x-component',
      Referer: new URL(path, form.url).href,
    },
  };
}

export async function postComment(
  form: CommentForm,
  origin: string,
  fields: { token: string; cookie?: string; comment: string; name: string; notify?: boolean },
  from: { address: string; email: string } = nextReader(),
  kind: PostKind = 'plain',
): Promise<PostOutcome> {
  const formFields: [string, string][] = [
    ['parentId', ''],
    ['formToken', fields.token],
    ['homepage', ''],
    ['comment', fields.comment],
    ['name', fields.name],
    ['email', from.email],
    ['website', ''],
    ...(fields.notify ? [['notify', 'on'] as [string, string]] : []),
  ];
  const scripted = kind === 'script' ? scriptedRequest(form, formFields) : null;
  const { body, contentType } = multipart(scripted ? scripted.fields : [...form.hidden, ...formFields]);
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
      ...(fields.cookie ? { Cookie: fields.cookie } : {}),
      ...scripted?.headers,
    },
  });
  if (scripted) return scriptedOutcome(response);
  const location = response.headers.location;
  const id = Number(/#comment-(\d+)$/.exec(location ?? '')?.[1] ?? NaN);
  // Anything but the 303 is the form again with the action's message (or an error page).
  const message =
    response.status === 303
      ? undefined
      : (/id="error-summary-title"[^>]*>([^<]*)</.exec(response.body.toString())?.[1] ?? `HTTP ${response.status}`);
  return { status: response.status, location, ms: response.ms, id: Number.isFinite(id) ? id : null, message, bytes: response.body.length };
}

/** The action's answer: the form's state in React's payload, with the new comment's id on success. */
function scriptedOutcome(response: Response): PostOutcome {
  const text = response.body.toString();
  const success = response.status === 200 && text.includes('"status":"success"');
  const id = success ? Number(/"comment":\{"id":(\d+)/.exec(text)?.[1] ?? NaN) : NaN;
  const message = success ? undefined : (/"message":"([^"]*)"/.exec(text)?.[1] ?? `HTTP ${response.status}`);
  return { status: response.status, location: undefined, ms: response.ms, id: Number.isFinite(id) ? id : null, message, bytes: response.body.length };
}

export type PostLoadResult = {
  rps: number;
  p50: number;
  p99: number;
  attempted: number;
  acknowledged: number;
  failed: number;
  statuses: Record<string, number>;
  /** What the answers that stored nothing said, counted. */
  messages: Record<string, number>;
  ids: number[];
  /** The answer's size: a redirect without JavaScript, the form's state with it. */
  bytesPerAnswer: number;
};

/** A closed loop: `connections` workers, each sending the next reader's post as soon as its answer arrives. */
export async function postLoad(options: {
  base: string;
  form: CommentForm;
  articleId: number;
  connections: number;
  seconds: number;
  marker: string;
  kind?: PostKind;
  /** "Notify me of replies by email" ticked: each post (a new address each) also queues a confirmation. */
  notify?: boolean;
  /** Told of each comment as its post is acknowledged. */
  onPosted?: (id: number) => void;
}): Promise<PostLoadResult> {
  // One form per worker, loaded as its browser loads it: with JavaScript, the form's own request
  // also gives the reader cookie that the post then sends.
  const tickets = await Promise.all(Array.from({ length: options.connections }, () => formTicket(options.base, options.articleId)));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const messages: Record<string, number> = {};
  const ids: number[] = [];
  let attempted = 0;
  let failed = 0;
  let sequence = 0;
  let bytes = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const worker = async (w: number) => {
    while (performance.now() < end) {
      const n = sequence++;
      attempted++;
      try {
        // One token per worker; each text is distinct, so each post has its own idempotency key.
        const outcome = await postComment(options.form, options.base, {
          token: tickets[w]!.token,
          cookie: options.kind === 'script' ? tickets[w]!.cookie : undefined,
          comment: `${options.marker} ${n}: a comment posted by the bench, with ordinary words and no links.`,
          name: `Bench Reader ${n}`,
          notify: options.notify,
        }, nextReader(), options.kind);
        latencies.push(outcome.ms);
        bytes += outcome.bytes;
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        if (outcome.id !== null) {
          ids.push(outcome.id);
          options.onPosted?.(outcome.id);
        } else {
          failed++;
          const message = outcome.message ?? 'no comment id in the answer';
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
    bytesPerAnswer: attempted ? bytes / attempted : NaN,
  };
}

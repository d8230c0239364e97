import http from 'node:http';
import zlib from 'node:zlib';

// A minimal HTTP client for the set-up steps and the posting loop: raw bytes, no redirects followed,
// a keep-alive agent, and a small cookie jar.

export type Response = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number };

export function request(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    agent?: http.Agent;
    /** The source address to connect from (any 127.x.y.z on loopback); implies a new connection. */
    localAddress?: string;
    timeoutMs?: number;
  } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: options.localAddress ? false : (options.agent ?? false),
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function decoded(response: Response): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'gzip') return zlib.gunzipSync(response.body).toString('utf8');
  if (encoding === 'br') return zlib.brotliDecompressSync(response.body).toString('utf8');
  if (encoding === 'deflate') return zlib.inflateSync(response.body).toString('utf8');
  return response.body.toString('utf8');
}

export class CookieJar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    const set = response.headers['set-cookie'] ?? [];
    for (const line of set) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export function multipart(fields: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----MarginBench${Math.random().toString(16).slice(2)}`;
  let text = '';
  for (const [name, value] of fields) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  text += `--${boundary}--\r\n`;
  return { body: Buffer.from(text, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden inputs of a form, in document order, as a browser would send them. */
export function hiddenFields(formHtml: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const match of formHtml.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name === undefined) continue;
    fields.push([unescapeHtml(name), unescapeHtml(/value="([^"]*)"/.exec(tag)?.[1] ?? '')]);
  }
  return fields;
}

/**
 * What a browser without JavaScript sends for a form: hidden and text inputs, ticked boxes,
 * textareas and each select's chosen option, in document order (buttons are the caller's).
 */
export function formFields(formHtml: string): [string, string][] {
  const fields: { at: number; name: string; value: string }[] = [];
  const attribute = (tag: string, name: string) => {
    const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    return value === undefined ? undefined : unescapeHtml(value);
  };
  for (const match of formHtml.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    const name = attribute(tag, 'name');
    const type = attribute(tag, 'type') ?? 'text';
    if (name === undefined || ['submit', 'button', 'file', 'image', 'reset'].includes(type)) continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked(=""|\s|>|\/)/.test(tag)) continue;
    fields.push({ at: match.index, name, value: attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : '') });
  }
  for (const match of formHtml.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attribute(match[1]!, 'name');
    // The HTML parser drops one newline right after <textarea>.
    if (name !== undefined) fields.push({ at: match.index, name, value: unescapeHtml(match[2]!.replace(/^\n/, '')) });
  }
  for (const match of formHtml.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attribute(match[1]!, 'name');
    if (name === undefined) continue;
    const options = [...match[2]!.matchAll(/<option\b([^>]*)>/g)].map((option) => option[1]!);
    const chosen = options.find((option) => /\sselected(=""|\s|$)/.test(option)) ?? options[0];
    fields.push({ at: match.index, name, value: chosen === undefined ? '' : (attribute(chosen, 'value') ?? '') });
  }
  return fields.sort((a, b) => a.at - b.at).map(({ name, value }) => [name, value]);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

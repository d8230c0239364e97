import type http from 'node:http';
import { imageLimits, imageUploadPath } from '../lib/images';

// No request body Margin accepts is over 64 KB: the longest comment is 5,000 characters (20 KB at
// 4 bytes each) plus its fields. A larger request is refused with 413 before Next sees it.
//
// A body of declared length (Content-Length) is judged by its header, before a byte of it is
// read, so a flood of large posts costs no work. The answer is sent at once; the rest of the body is
// then read and thrown away (Node does so for a request nobody read) for at most two seconds, so
// that the client, still sending, gets to read the answer instead of a reset connection; a client
// still sending after that is cut off. A body of undeclared length (chunked) is counted
// as it arrives and held here, at most 64 KB, until it is complete; only then does Next get the
// request, with the same bytes. The count sits in request.push(), through which Node's HTTP parser
// hands every chunk of a body to the request stream (the Readable implementer's interface);
// server/body-limit.test.ts sends chunked bodies through a real server, so a Node that delivers
// bodies another way fails the test instead of letting them past.

export const maxBodyBytes = 64 * 1024;

/**
 * A request's limits: what it may declare (Content-Length), what it may stream undeclared (chunked),
 * and whether its body must be a readable multipart form before Next gets it.
 */
export type BodyLimit = { declared: number; streamed: number; readableForm?: boolean };

/**
 * Everything Margin takes is a form of a few kilobytes, except an image upload: its route reads
 * Content-Length itself and refuses an oversized file with the image size message, next to the
 * field, before reading it. A chunked upload has no length to judge, so the edge still counts it,
 * up to the largest image and its form's overhead.
 */
export function bodyLimitFor(method: string | undefined, url: string | undefined, contentType?: string): BodyLimit {
  const path = (url ?? '').split('?')[0];
  if (method === 'POST' && path === imageUploadPath) {
    return { declared: Number.POSITIVE_INFINITY, streamed: imageLimits.maxBytes + 1024 * 1024 };
  }
  // Next answers a multipart body it cannot read with a 500 (a form post without JavaScript is
  // read before any of our code runs): such a body is read here first, within the 64 KB. The
  // image route reads its own form and says what is wrong next to the field.
  return { declared: maxBodyBytes, streamed: maxBodyBytes, readableForm: /^\s*multipart\/form-data/i.test(contentType ?? '') };
}

/** Whether `body` reads as the multipart form its Content-Type says, by the parser Next's forms use. */
export async function isReadableForm(body: Buffer, contentType: string): Promise<boolean> {
  try {
    await new Response(new Uint8Array(body), { headers: { 'Content-Type': contentType } }).formData();
    return true;
  } catch {
    return false;
  }
}

export const tooLargePage = `<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>Too long to send · Margin</title>
<main style="max-width:36rem;margin:3rem auto;font:1.1rem/1.5 Georgia,serif;padding:0 1rem">
<h1>Too long to send</h1><p>What you sent is over 64 KB, more than any comment can be (5,000 characters).
Go back with your browser's Back button: your text is still in the form, ready to shorten.</p></main></html>`;

export const unreadableFormPage = `<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>The form could not be read · Margin</title>
<main style="max-width:36rem;margin:3rem auto;font:1.1rem/1.5 Georgia,serif;padding:0 1rem">
<h1>The form could not be read</h1><p>What arrived was not a complete form: it may have been cut off on the way.
Go back with your browser's Back button and send it again: your text is still in the form.</p></main></html>`;

/** How long the rest of a refused body is read and thrown away before the connection is cut. */
export const lingerMilliseconds = 2000;

function refuse(request: http.IncomingMessage, response: http.ServerResponse, linger: number): void {
  // No `Connection: close`: Node would then close the socket as soon as the answer is written,
  // and a client still sending would get a reset connection instead of this page.
  response.writeHead(413, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(tooLargePage);
  const cutOff = setTimeout(() => request.destroy(), linger).unref();
  request.once('end', () => clearTimeout(cutOff));
  request.once('close', () => clearTimeout(cutOff));
}

/**
 * Calls `pass` once the request's body is known to be within the limit (at once when its length
 * is declared and no form is to be read), or answers 413 and closes the connection; a form that
 * cannot be read is answered with 400.
 */
export function limitBody(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  pass: () => void,
  { limit = { declared: maxBodyBytes, streamed: maxBodyBytes } as BodyLimit, linger = lingerMilliseconds } = {},
): void {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit.declared) return refuse(request, response, linger);
  const hasBody = declared !== undefined ? Number(declared) > 0 : request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || (declared !== undefined && !limit.readableForm)) return pass();
  const push = request.push.bind(request);
  const held: Buffer[] = [];
  let bytes = 0;
  /** Gives Next the request with the same bytes, all of them. */
  const handOver = () => {
    request.push = push;
    for (const part of held) push(part);
    push(null);
  };
  request.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null) {
      if (!limit.readableForm) {
        handOver();
        process.nextTick(pass);
        return false;
      }
      void isReadableForm(Buffer.concat(held), request.headers['content-type'] ?? '').then((readable) => {
        if (readable) {
          handOver();
          return pass();
        }
        request.push = push;
        push(null);
        response.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(unreadableFormPage);
      });
      return false;
    }
    const part = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding);
    bytes += part.length;
    if (bytes > limit.streamed) {
      // The rest is thrown away as it arrives; its end still ends the request.
      request.push = (rest: unknown) => (rest === null ? push(null) : true);
      held.length = 0;
      refuse(request, response, linger);
      return true;
    }
    held.push(part);
    return true;
  };
}

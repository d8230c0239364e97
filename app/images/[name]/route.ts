import fs from 'node:fs';
import { Readable } from 'node:stream';
import { findImageFile, getImage } from '@/db/queries/images';
import { imageUrl, largestWidth, storedImageContentType } from '@/lib/images';

// A stored image file, /images/<hash>-<width>.webp. Its name is its content, so it never changes:
// browsers and caches keep it for a year without asking again. Nothing about who uploaded it.

const immutable = 'public, max-age=31536000, immutable';

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim().replace(/^W\//, '');
    return candidate === '*' || candidate === etag;
  });
}

// A name that is no image today may be one tomorrow (the same picture, uploaded): not kept.
function noSuchImage(): Response {
  return new Response('No such image.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * /images/<id>: the image by its number, as Markdown writes it (`image:12`) and the editor's preview
 * shows it: a redirect to its largest file. Pages readers see name the files themselves.
 */
async function redirectToFile(id: number): Promise<Response> {
  const image = await getImage(id);
  if (!image) return noSuchImage();
  return new Response(null, {
    status: 307,
    headers: { Location: imageUrl(image, largestWidth(image)), 'Cache-Control': 'public, max-age=3600' },
  });
}

async function answer(request: Request, name: string, withBody: boolean): Promise<Response> {
  if (/^[1-9][0-9]{0,9}$/.test(name)) return redirectToFile(Number(name));
  const file = await findImageFile(name);
  if (!file) return noSuchImage();
  const headers = {
    'Cache-Control': immutable,
    ETag: file.etag,
    'Content-Type': storedImageContentType,
    'X-Content-Type-Options': 'nosniff',
  };
  if (matches(request.headers.get('if-none-match'), file.etag)) return new Response(null, { status: 304, headers });
  const body = withBody ? (Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream<Uint8Array>) : null;
  return new Response(body, { headers: { ...headers, 'Content-Length': String(file.size) } });
}

export async function GET(request: Request, { params }: RouteContext<'/images/[name]'>) {
  return answer(request, (await params).name, true);
}

export async function HEAD(request: Request, { params }: RouteContext<'/images/[name]'>) {
  return answer(request, (await params).name, false);
}

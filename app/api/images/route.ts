import { storeImage, type StoreImageResult } from '@/db/queries/images';
import { getStaff } from '@/app/_lib/session';
import { can } from '@/lib/accounts';
import {
  adminImagesPath,
  imageLimits,
  imageProblemMessage,
  imageProblemQuery,
  uploadRequestAllowance,
  type ImageProblem,
  type ImageUploadResponse,
} from '@/lib/images';

// POST /api/images: one image, in the multipart field `image`, from staff who may write. The
// upload widget asks for JSON; the plain form on /admin/images is sent back there (303) with the
// new image or the refusal in the address. The session, the role and the origin are checked here,
// the role again in the data layer. Outside /admin on purpose: proxy.ts would buffer the body.

const noStore = { 'Cache-Control': 'private, no-store' };

function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

function json(body: ImageUploadResponse, status: number): Response {
  return Response.json(body, { status, headers: noStore });
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { ...noStore, Location: location } });
}

function refuse(request: Request, problem: ImageProblem): Response {
  const message = imageProblemMessage(problem);
  if (!wantsJson(request)) return seeOther(`${adminImagesPath}?${imageProblemQuery(problem)}`);
  return json({ status: 'error', message, fieldErrors: { image: [message] } }, problem.code === 'too-large' ? 413 : problem.code === 'failed' ? 500 : 422);
}

/** A browser always names the page a post comes from; another site's page may not upload as our staff. */
function fromAnotherSite(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** The body, or null once it passes `limit` bytes: never more than that is held. */
async function readAtMost(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export async function POST(request: Request): Promise<Response> {
  if (fromAnotherSite(request)) {
    return json({ status: 'error', message: 'Uploads are taken from Margin’s own pages only.' }, 403);
  }
  const staff = await getStaff();
  if (!staff) {
    if (!wantsJson(request)) return seeOther(`/login?callbackUrl=${encodeURIComponent(adminImagesPath)}`);
    return json({ status: 'error', message: 'Your session has ended: sign in again, then upload the image.' }, 401);
  }
  if (!can(staff.role, 'write')) {
    if (!wantsJson(request)) return seeOther('/admin?notice=not-allowed');
    return json({ status: 'error', message: 'This account may not upload images.' }, 403);
  }

  // Refused from the declared length before a byte is read (browsers always declare it).
  const limit = imageLimits.maxBytes + uploadRequestAllowance;
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) return refuse(request, { code: 'too-large', bytes: declared });
  const body = await readAtMost(request, limit);
  if (!body) return refuse(request, { code: 'too-large' });

  let file: FormDataEntryValue | null;
  try {
    const form = await new Response(body, { headers: { 'Content-Type': request.headers.get('content-type') ?? '' } }).formData();
    file = form.get('image');
  } catch {
    file = null;
  }
  if (!(file instanceof Blob) || file.size === 0) return refuse(request, { code: 'missing' });
  if (file.size > imageLimits.maxBytes) return refuse(request, { code: 'too-large', bytes: file.size });

  let result: StoreImageResult;
  try {
    result = await storeImage(staff, new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    console.error('[margin] storing an uploaded image failed', error);
    return refuse(request, { code: 'failed' });
  }
  if (!result.ok) return refuse(request, result.problem);
  if (!wantsJson(request)) return seeOther(`${adminImagesPath}?uploaded=${result.image.id}`);
  return json({ status: 'done', image: result.image, created: result.created }, result.created ? 201 : 200);
}

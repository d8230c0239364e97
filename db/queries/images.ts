import 'server-only';
import { desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { write } from '@/db/writer';
import { images } from '@/db/schema';
import { findImageFile as findFile, removeImageFiles, writeImageFiles } from '@/db/image-files';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { processImage } from '@/lib/image-processing';
import { imageFormats, type ImageDto, type ImageFormat, type ImageProblem } from '@/lib/images';

// Images: one row per cleaned picture, its files in the data folder. No read returns who uploaded
// an image: `uploaded_by` is written here and read nowhere.

export type ImageListItem = ImageDto & { format: ImageFormat; bytes: number; createdAt: string };

export type StoreImageResult = { ok: true; image: ImageDto; created: boolean } | { ok: false; problem: ImageProblem };

const dtoColumns = {
  id: images.id,
  hash: images.hash,
  width: images.width,
  height: images.height,
  widths: images.widths,
};

function parseWidths(json: string): number[] {
  const widths: unknown = JSON.parse(json);
  if (!Array.isArray(widths) || widths.length === 0 || !widths.every((width) => Number.isSafeInteger(width) && width > 0)) {
    throw new Error(`images.widths holds ${json}, not a list of widths`);
  }
  return widths as number[];
}

function toDto(row: { id: number; hash: string; width: number; height: number; widths: string }): ImageDto {
  return { id: row.id, hash: row.hash, width: row.width, height: row.height, widths: parseWidths(row.widths) };
}

async function findByHash(hash: string): Promise<ImageDto | null> {
  const [row] = await getDb().select(dtoColumns).from(images).where(eq(images.hash, hash)).limit(1);
  return row ? toDto(row) : null;
}

/**
 * Cleans an upload (lib/image-processing.ts) and stores it: its files first, then its row, so a row
 * never names a missing file; if the row cannot be written, the new files go too. The same picture
 * uploaded again (whatever metadata it came with) finds its first row.
 */
export async function storeImage(staff: Staff, bytes: Uint8Array): Promise<StoreImageResult> {
  assertAllowed(staff, 'write');
  const processed = await processImage(bytes);
  if (!processed.ok) return processed;
  const { hash, format, width, height, renditions } = processed.image;
  // Writes only the files that are missing: a second upload also mends a lost file.
  const written = await writeImageFiles(hash, renditions);
  const existing = await findByHash(hash);
  if (existing) return { ok: true, image: existing, created: false };
  let inserted: { id: number }[];
  try {
    inserted = await write((tx) =>
      tx
        .insert(images)
        .values({
          hash,
          format,
          width,
          height,
          widths: JSON.stringify(renditions.map((rendition) => rendition.width)),
          bytes: bytes.byteLength,
          uploadedBy: staff.id,
          createdAt: new Date(),
        })
        .onConflictDoNothing({ target: images.hash })
        .returning({ id: images.id }),
    );
  } catch (error) {
    await removeImageFiles(written);
    throw error;
  }
  const image = await findByHash(hash);
  if (!image) throw new Error(`image ${hash} was stored but cannot be read back`);
  return { ok: true, image, created: inserted.length > 0 };
}

export async function getImage(id: number): Promise<ImageDto | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const [row] = await getDb().select(dtoColumns).from(images).where(eq(images.id, id)).limit(1);
  return row ? toDto(row) : null;
}

/** The images an article shows, by id; ids with no image are absent from the map. */
export async function getImages(ids: readonly number[]): Promise<Map<number, ImageDto>> {
  const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (wanted.length === 0) return new Map();
  const rows = await getDb().select(dtoColumns).from(images).where(inArray(images.id, wanted));
  return new Map(rows.map((row) => [row.id, toDto(row)]));
}

/** Newest first, for staff who may write. */
export async function listRecentImages(staff: Staff, limit = 40): Promise<ImageListItem[]> {
  assertAllowed(staff, 'write');
  const rows = await getDb()
    .select({ ...dtoColumns, format: images.format, bytes: images.bytes, createdAt: images.createdAt })
    .from(images)
    .orderBy(desc(images.id))
    .limit(Math.max(1, Math.min(200, limit)));
  return rows.map((row) => ({
    ...toDto(row),
    format: imageFormats.find((format) => format === row.format) ?? 'jpeg',
    bytes: row.bytes,
    createdAt: row.createdAt.toISOString(),
  }));
}

/** A stored file for the public image route: found by its strictly checked name, never by a path. */
export async function findImageFile(name: string): Promise<{ path: string; size: number; etag: string } | null> {
  const file = await findFile(name);
  return file ? { path: file.path, size: file.size, etag: `"${file.hash.slice(0, 32)}-${file.width}"` } : null;
}

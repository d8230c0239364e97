import crypto from 'node:crypto';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { heightAt, imageLimits, sniffImageFormat, storedWidths, type ImageFormat, type ImageProblem } from './images';

// The one module that runs sharp (libvips) on uploads: the format is judged from the bytes, the
// size is checked from the header before a pixel is decoded, and what is kept is pixels only —
// turned upright, converted to sRGB, every EXIF, GPS, XMP and ICC block left behind.

// An upload is processed once; libvips' cache of decoded images would only hold memory.
sharp.cache(false);

export type Rendition = { width: number; height: number; data: Buffer };

export type ProcessedImage = {
  /** SHA-256 of the cleaned pixels at the largest stored width: the same picture gives the same hash, whatever metadata it came with. */
  hash: string;
  /** The format the original arrived in (every stored file is WebP). */
  format: ImageFormat;
  /** The original's size, upright. */
  width: number;
  height: number;
  /** One WebP file per stored width, smallest first. */
  renditions: Rendition[];
};

export type ProcessResult = { ok: true; image: ProcessedImage } | { ok: false; problem: ImageProblem };

/** The decoder libvips must have chosen for each sniffed format (AVIF is HEIF with AV1 inside). */
const decoderOf: Record<ImageFormat, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', avif: 'heif' };

/** A crafted file can cost a decoder minutes; no honest image needs this long. */
const secondsPerStep = 30;

const webpQuality = 80;

const decoding = {
  // Invalid pixel data (a damaged or cut-short file) stops processing: nothing broken is stored.
  failOn: 'error',
  // A second guard behind the header check below.
  limitInputPixels: imageLimits.maxPixels,
  // The first frame of an animated GIF or WebP.
  pages: 1,
} as const;

/**
 * One image at a time: decoding a 40-megapixel image takes tens of megabytes, and two at once on a
 * small server would take twice that. The others wait their turn.
 */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

function refuse(problem: ImageProblem): ProcessResult {
  return { ok: false, problem };
}

function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}

export async function processImage(bytes: Uint8Array): Promise<ProcessResult> {
  if (bytes.byteLength === 0) return refuse({ code: 'missing' });
  if (bytes.byteLength > imageLimits.maxBytes) return refuse({ code: 'too-large', bytes: bytes.byteLength });
  const format = sniffImageFormat(bytes);
  if (!format) return refuse({ code: 'not-an-image' });
  return oneAtATime(() => clean(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), format));
}

async function clean(input: Buffer, format: ImageFormat): Promise<ProcessResult> {
  let metadata: Metadata;
  try {
    // The header only (no pixel is decoded), read without the pixel limit so a refusal can give the figures.
    metadata = await sharp(input, { ...decoding, limitInputPixels: false }).metadata();
  } catch {
    return refuse({ code: 'unreadable' });
  }
  // The first bytes said one format and the decoder found another (or HEIC in an AVIF's clothes).
  if (metadata.format !== decoderOf[format] || (format === 'avif' && metadata.compression !== 'av1')) {
    return refuse({ code: 'not-an-image' });
  }
  // The header's own figures, before a single pixel is decoded.
  const { width, height } = metadata.autoOrient;
  if (!(width >= 1 && height >= 1)) return refuse({ code: 'unreadable' });
  if (width * height > imageLimits.maxPixels) return refuse({ code: 'too-many-pixels', width, height });
  if (height > width * imageLimits.maxTallness) return refuse({ code: 'too-tall', width, height });

  const original = { width, height };
  const widths = storedWidths(width);
  const top = widths[widths.length - 1]!;
  let cleaned: { data: Buffer; info: OutputInfo };
  try {
    // Decoded once, upright, at the largest stored width, in sRGB (an embedded profile is applied,
    // then dropped); no metadata survives into raw pixels.
    cleaned = await sharp(input, { ...decoding, autoOrient: true })
      .resize(top, heightAt(top, original), { fit: 'fill' })
      .toColourspace('srgb')
      .timeout({ seconds: secondsPerStep })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (isPixelLimitError(error)) return refuse({ code: 'too-many-pixels', width, height });
    return refuse({ code: 'unreadable' });
  }
  const { data, info } = cleaned;
  const hash = crypto.createHash('sha256').update(`${info.width}x${info.height}x${info.channels}\n`).update(data).digest('hex');

  const renditions: Rendition[] = [];
  for (const renditionWidth of widths) {
    const renditionHeight = heightAt(renditionWidth, original);
    const file = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .resize(renditionWidth, renditionHeight, { fit: 'fill' })
      .webp({ quality: webpQuality })
      .timeout({ seconds: secondsPerStep })
      .toBuffer();
    renditions.push({ width: renditionWidth, height: renditionHeight, data: file });
  }
  return { ok: true, image: { hash, format, width, height, renditions } };
}

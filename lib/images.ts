// Images as the newsroom uploads them: what is accepted (judged by content, never by name), how
// large, which widths are kept, what the files are called and what each refusal says. Pure rules:
// the upload route, the data layer and the browser's upload widget all read them.

export const imageLimits = {
  /** The largest file accepted: a camera's full-size JPEG fits; a raw scan does not. */
  maxBytes: 10 * 1024 * 1024,
  /** Width × height of the original. An image bomb is a small file that declares billions of pixels. */
  maxPixels: 40_000_000,
  /** How many times taller than wide an image may be (a strip taller still cannot be shown, and WebP stops at 16,383 px). */
  maxTallness: 5,
} as const;

/** What a multipart request may carry besides the file (boundary, part headers, the file's name). */
export const uploadRequestAllowance = 64 * 1024;

export const imageFormats = ['jpeg', 'png', 'webp', 'gif', 'avif'] as const;
export type ImageFormat = (typeof imageFormats)[number];

export const imageFormatNames: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  avif: 'AVIF',
};

/** For the file picker's `accept` only: a hint to the browser; the server judges the bytes. */
export const imageAcceptTypes = imageFormats.map((format) => `image/${format}`).join(',');

/** Widths kept of each image (WebP), never wider than the original. */
export const imageWidths = [480, 960, 1600] as const;

/** Every stored file is WebP: every browser in use shows it, and it is smaller than JPEG. */
export const storedImageExtension = 'webp';
export const storedImageContentType = 'image/webp';

/** Where uploads are posted (outside /admin: proxy.ts would buffer and cut a large body there). */
export const imageUploadPath = '/api/images';
export const adminImagesPath = '/admin/images';
/** The folder, inside the data folder, that holds the stored files. */
export const imageFolderName = 'images';

/** An image as pages show it: no uploader and no name the uploader gave the file. */
export type ImageDto = {
  id: number;
  /** SHA-256 of the cleaned image; names its files. */
  hash: string;
  /** The original's size after orientation; each stored width's height follows from it (heightAt). */
  width: number;
  height: number;
  /** The stored widths, smallest first. */
  widths: number[];
};

/** What the upload route answers a script (the upload widget); a form without script is redirected instead. */
export type ImageUploadResponse =
  | { status: 'done'; image: ImageDto; created: boolean }
  | { status: 'error'; message: string; fieldErrors?: { image?: string[] } };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((character) => character.charCodeAt(0));
}

function fourCharacters(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

/** AVIF is an ISO media file whose `ftyp` box names the avif (still) or avis (sequence) brand. */
function isAvif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || fourCharacters(bytes, 4) !== 'ftyp') return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const end = Math.min(boxSize, bytes.length, 256);
  const brands = [fourCharacters(bytes, 8)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(fourCharacters(bytes, offset));
  return brands.some((brand) => brand === 'avif' || brand === 'avis');
}

/**
 * The format the file's first bytes declare, or null: a text file named photo.jpg is null, so is
 * SVG (a script can hide in it), TIFF, HEIC and PDF.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (isAvif(bytes)) return 'avif';
  return null;
}

/**
 * The widths to keep of an original this wide, never wider than it: the largest standard width or
 * the original's own, and the standard widths below that which save at least a fifth of it.
 */
export function storedWidths(originalWidth: number): number[] {
  const top = Math.min(Math.floor(originalWidth), imageWidths[imageWidths.length - 1]!);
  if (top < 1) return [];
  return [...imageWidths.filter((width) => width <= top * 0.8), top];
}

/** The height of the stored file `width` wide (the one formula the processing and the pages share). */
export function heightAt(width: number, original: { width: number; height: number }): number {
  return Math.max(1, Math.round((original.height * width) / original.width));
}

export function largestWidth(image: Pick<ImageDto, 'widths'>): number {
  return image.widths[image.widths.length - 1]!;
}

export function imageFileName(hash: string, width: number): string {
  return `${hash}-${width}.${storedImageExtension}`;
}

const fileNamePattern = new RegExp(`^([0-9a-f]{64})-([1-9][0-9]{0,4})\\.${storedImageExtension}$`);

/** Strict: anything but `<64 lowercase hex>-<width>.webp` is no image (no dots, slashes or encodings get through). */
export function parseImageFileName(name: string): { hash: string; width: number } | null {
  const match = fileNamePattern.exec(name);
  return match ? { hash: match[1]!, width: Number(match[2]) } : null;
}

export function imageUrl(image: Pick<ImageDto, 'hash'>, width: number): string {
  return `/images/${imageFileName(image.hash, width)}`;
}

export function imageSrcSet(image: Pick<ImageDto, 'hash' | 'widths'>): string {
  return image.widths.map((width) => `${imageUrl(image, width)} ${width}w`).join(', ');
}

/** Why an upload was refused; each has one message, shown next to the file field. */
export type ImageProblem =
  | { code: 'missing' }
  | { code: 'too-large'; bytes?: number }
  | { code: 'not-an-image' }
  | { code: 'too-many-pixels'; width: number; height: number }
  | { code: 'too-tall'; width: number; height: number }
  | { code: 'unreadable' }
  | { code: 'failed' };

const number = new Intl.NumberFormat('en-GB');
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const formatList = imageFormats.map((format) => imageFormatNames[format]);
const acceptedFormats = `${formatList.slice(0, -1).join(', ')} or ${formatList.at(-1)}`;

export function imageProblemMessage(problem: ImageProblem): string {
  const limit = `${imageLimits.maxBytes / (1024 * 1024)} MB`;
  switch (problem.code) {
    case 'missing':
      return 'Choose an image file to upload.';
    case 'too-large':
      return problem.bytes
        ? `This file is ${megabytes(problem.bytes)}; an image may be at most ${limit}. Save a smaller copy (2,000 pixels wide is plenty) and upload that.`
        : `This file is over the ${limit} limit for an image. Save a smaller copy (2,000 pixels wide is plenty) and upload that.`;
    case 'not-an-image':
      return `This file is not an image Margin can use: choose a ${acceptedFormats} file.`;
    case 'too-many-pixels':
      return `This image is ${number.format(problem.width)} × ${number.format(problem.height)} pixels (${number.format(Math.round((problem.width * problem.height) / 1e6))} megapixels); an image may have at most ${imageLimits.maxPixels / 1e6} megapixels. Save a smaller copy and upload that.`;
    case 'too-tall':
      return `This image is ${number.format(problem.width)} × ${number.format(problem.height)} pixels: an image may be at most ${imageLimits.maxTallness} times as tall as it is wide. Crop it and upload that.`;
    case 'unreadable':
      return 'This image could not be read: the file may be damaged or cut short. Export it again and upload that.';
    case 'failed':
      return 'The image could not be saved. Nothing was stored; try again in a minute.';
  }
}

/** A refusal as query parameters, for the page a form without script is sent back to. */
export function imageProblemQuery(problem: ImageProblem): URLSearchParams {
  const query = new URLSearchParams({ error: problem.code });
  if (problem.code === 'too-large' && problem.bytes) query.set('bytes', String(problem.bytes));
  if (problem.code === 'too-many-pixels' || problem.code === 'too-tall') {
    query.set('width', String(problem.width));
    query.set('height', String(problem.height));
  }
  return query;
}

/** The refusal named in a page's query, or null; numbers that are not whole and positive are dropped. */
export function imageProblemFromQuery(query: Record<string, string | string[] | undefined>): ImageProblem | null {
  const read = (key: string) => {
    const value = query[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const whole = (key: string) => {
    const value = Number(read(key));
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  };
  const code = read('error');
  switch (code) {
    case 'missing':
    case 'not-an-image':
    case 'unreadable':
    case 'failed':
      return { code };
    case 'too-large':
      return { code, bytes: whole('bytes') ?? undefined };
    case 'too-many-pixels':
    case 'too-tall': {
      const width = whole('width');
      const height = whole('height');
      return width && height ? { code, width, height } : null;
    }
    default:
      return null;
  }
}

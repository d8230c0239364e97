import zlib from 'node:zlib';
import sharp from 'sharp';

// Real images made on the spot for the unit and browser tests: a camera-like JPEG carrying EXIF
// and GPS, a PNG that declares billions of pixels, and a reader for what a WebP file carries.

export type PhotoOptions = {
  width?: number;
  height?: number;
  /** Changes every pixel, so two photos with different seeds are different pictures. */
  seed?: number;
  /** EXIF orientation (6: the camera was turned; shown upright the photo is taller than wide). */
  orientation?: number;
  /** Camera make, model and a GPS position (51°30′N 0°7′W), as a phone writes them. */
  location?: boolean;
  quality?: number;
};

/** Pseudo-random bytes that are the same for the same seed (mulberry32). */
function seededBytes(length: number, seed: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[index] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

/**
 * A photo-like JPEG: random blotches a tenth of its size, enlarged, which compress about as a
 * photograph does (a 12-megapixel one is a few megabytes). The same seed gives the same pixels.
 */
export async function makePhoto({ width = 1200, height = 900, seed = 1, orientation, location = true, quality = 88 }: PhotoOptions = {}): Promise<Buffer> {
  const small = { width: Math.max(4, Math.round(width / 10)), height: Math.max(4, Math.round(height / 10)), channels: 3 as const };
  let image = sharp(seededBytes(small.width * small.height * 3, seed), { raw: small })
    .resize(width, height, { fit: 'fill' })
    .jpeg({ quality });
  if (orientation) image = image.withMetadata({ orientation });
  if (location) {
    image = image.withExif({
      IFD0: { Make: 'Margin Test Camera', Model: 'MT-1', Copyright: 'Ann Photographer' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    });
  }
  return image.toBuffer();
}

/** True when an EXIF block points to a GPS block (tag 0x8825, in either byte order). */
export function hasGpsBlock(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00])) || exif.includes(Buffer.from([0x88, 0x25, 0x00, 0x04]));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An image bomb: a valid PNG of a few dozen bytes whose header declares width × height pixels. */
export function makePngBomb(width = 100_000, height = 100_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The chunks of a WebP file, in order (EXIF, XMP and ICCP would be metadata). */
export function webpChunks(file: Buffer): string[] {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WEBP') throw new Error('not a WebP file');
  const chunks: string[] = [];
  for (let offset = 12; offset + 8 <= file.length; ) {
    chunks.push(file.toString('ascii', offset, offset + 4));
    const size = file.readUInt32LE(offset + 4);
    offset += 8 + size + (size % 2);
  }
  return chunks;
}

/** A landscape drawn for the occasion (sky, sun, hills, water) as a JPEG: a picture a person can look at (README screenshots). */
export async function makeLandscape(seed: number): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const hills = [0, 1, 2]
    .map((layer) => {
      const y = 560 + layer * 90;
      const wave = (x: number) => y - 60 * Math.sin((x / 1600) * Math.PI * (2 + layer) + seed + layer);
      const points = Array.from({ length: 17 }, (_, i) => `${i * 100},${wave(i * 100).toFixed(0)}`).join(' ');
      return `<polygon points="0,1000 ${points} 1600,1000" fill="hsl(${(hue + 90 + layer * 12) % 360}, 30%, ${38 - layer * 8}%)"/>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue}, 55%, 62%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360}, 70%, 86%)"/>
    </linearGradient></defs>
    <rect width="1600" height="1000" fill="url(#sky)"/>
    <circle cx="${300 + ((seed * 211) % 1000)}" cy="260" r="90" fill="hsl(45, 95%, 88%)" opacity="0.9"/>
    ${hills}
    <rect y="880" width="1600" height="120" fill="hsl(${(hue + 180) % 360}, 35%, 40%)" opacity="0.8"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

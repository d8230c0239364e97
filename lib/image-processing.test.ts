import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { processImage, type ProcessResult } from './image-processing';
import { imageLimits } from './images';
import { hasGpsBlock, makePhoto, makePngBomb, webpChunks } from './test-images';

// Cleaning real images made here with sharp: what is kept, what is refused and how fast.

function stored(result: ProcessResult) {
  if (!result.ok) assert.fail(`refused: ${JSON.stringify(result.problem)}`);
  return result.image;
}

async function pixelAt(file: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

function near(actual: number[], expected: number[], tolerance = 8) {
  assert.ok(
    actual.every((value, index) => Math.abs(value - expected[index]!) <= tolerance),
    `${actual} is not near ${expected}`,
  );
}

describe('what is kept', () => {
  test('a phone photo with GPS, camera and copyright EXIF: the stored files carry pixels only', async () => {
    const photo = await makePhoto({ width: 1200, height: 900, location: true });
    const input = await sharp(photo).metadata();
    assert.ok(hasGpsBlock(input.exif), 'the test photo carries a GPS block');
    const image = stored(await processImage(photo));
    assert.equal(image.format, 'jpeg');
    assert.deepEqual(
      image.renditions.map((file) => [file.width, file.height]),
      [
        [480, 360],
        [960, 720],
        [1200, 900],
      ],
    );
    for (const file of image.renditions) {
      assert.deepEqual(webpChunks(file.data), ['VP8 '], 'one chunk: the picture, no EXIF, XMP or ICCP');
      const metadata = await sharp(file.data).metadata();
      assert.equal(metadata.format, 'webp');
      assert.deepEqual([metadata.width, metadata.height], [file.width, file.height]);
      assert.equal(metadata.exif, undefined);
      assert.equal(metadata.xmp, undefined);
      assert.equal(metadata.icc, undefined);
      assert.equal(file.data.includes('Ann Photographer'), false);
      assert.equal(file.data.includes('Margin Test Camera'), false);
    }
  });

  test('turned upright from the EXIF orientation before the EXIF goes', async () => {
    // Stored sideways: red on top, blue below; orientation 6 says "turn a quarter clockwise to view".
    const sideways = await sharp({ create: { width: 800, height: 600, channels: 3, background: 'blue' } })
      .composite([{ input: { create: { width: 800, height: 300, channels: 3, background: 'red' } }, top: 0, left: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const image = stored(await processImage(sideways));
    assert.deepEqual([image.width, image.height], [600, 800]);
    const file = image.renditions.at(-1)!;
    assert.deepEqual([file.width, file.height], [600, 800]);
    assert.equal((await sharp(file.data).metadata()).orientation, undefined);
    near(await pixelAt(file.data, 590, 400), [255, 0, 0], 40);
    near(await pixelAt(file.data, 10, 400), [0, 0, 255], 40);
  });

  test('a Display P3 image is converted to sRGB, then its profile is dropped', async () => {
    const p3 = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 100, b: 50 } } })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    assert.ok((await sharp(p3).metadata()).hasProfile);
    const file = stored(await processImage(p3)).renditions[0]!;
    assert.equal((await sharp(file.data).metadata()).hasProfile, false);
    assert.ok(!webpChunks(file.data).includes('ICCP'));
    // The same colour as before it was tagged P3 (its P3 numbers are 187, 105, 62).
    near(await pixelAt(file.data, 150, 100), [200, 100, 50], 4);
  });

  test('transparency is kept', async () => {
    const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const file = stored(await processImage(png)).renditions[0]!;
    assert.equal((await sharp(file.data).metadata()).hasAlpha, true);
  });

  test('widths are never upscaled: a small image is kept at its own size only', async () => {
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: 'teal' } }).png().toBuffer();
    const image = stored(await processImage(small));
    assert.deepEqual(
      image.renditions.map((file) => [file.width, file.height]),
      [[300, 200]],
    );
  });

  test('the first frame of an animated GIF or WebP', async () => {
    const frame = (colour: string) => sharp({ create: { width: 40, height: 30, channels: 3, background: colour } }).png().toBuffer();
    const frames = [await frame('red'), await frame('blue')];
    const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    const webp = await sharp(frames, { join: { animated: true } }).webp().toBuffer();
    for (const [format, animated] of [['gif', gif], ['webp', webp]] as const) {
      assert.equal((await sharp(animated, { pages: -1 }).metadata()).pages, 2);
      const image = stored(await processImage(animated));
      assert.deepEqual([image.format, image.width, image.height], [format, 40, 30]);
      const file = image.renditions[0]!;
      assert.deepEqual(webpChunks(file.data), ['VP8 '], 'a still picture, not an animation');
      near(await pixelAt(file.data, 20, 15), [255, 0, 0], 40);
    }
  });

  test('AVIF and WebP are accepted too', async () => {
    const picture = sharp({ create: { width: 120, height: 90, channels: 3, background: 'orange' } });
    assert.equal(stored(await processImage(await picture.clone().avif().toBuffer())).format, 'avif');
    assert.equal(stored(await processImage(await picture.clone().webp().toBuffer())).format, 'webp');
  });

  test('the same picture gives the same hash, whatever metadata it came with; another picture another hash', async () => {
    const withLocation = stored(await processImage(await makePhoto({ seed: 5, location: true, width: 640, height: 480 })));
    const without = stored(await processImage(await makePhoto({ seed: 5, location: false, width: 640, height: 480 })));
    const other = stored(await processImage(await makePhoto({ seed: 6, location: true, width: 640, height: 480 })));
    assert.match(withLocation.hash, /^[0-9a-f]{64}$/);
    assert.equal(withLocation.hash, without.hash);
    assert.notEqual(withLocation.hash, other.hash);
  });
});

describe('what is refused', () => {
  test('an image bomb (a 74-byte PNG declaring 100,000 × 100,000 pixels) from its header, at once', async () => {
    const bomb = makePngBomb(100_000, 100_000);
    assert.ok(bomb.length < 100);
    const started = performance.now();
    const result = await processImage(bomb);
    assert.deepEqual(result, { ok: false, problem: { code: 'too-many-pixels', width: 100_000, height: 100_000 } });
    assert.ok(performance.now() - started < 1000);
  });

  test('a real image over the pixel limit (a flat 7,000 × 6,000 PNG, 42 megapixels)', async () => {
    const large = await sharp({ create: { width: 7000, height: 6000, channels: 3, background: 'white' } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    assert.ok(large.length < imageLimits.maxBytes, 'small enough to pass the size check');
    assert.deepEqual(await processImage(large), { ok: false, problem: { code: 'too-many-pixels', width: 7000, height: 6000 } });
  });

  test('a text file (named anything) and an SVG with a script are not images', async () => {
    assert.deepEqual(await processImage(Buffer.from('These are my notes, saved as holiday.jpg\n')), {
      ok: false,
      problem: { code: 'not-an-image' },
    });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    assert.deepEqual(await processImage(svg), { ok: false, problem: { code: 'not-an-image' } });
  });

  test('a 50 MB payload is refused by its size before anything reads it', async () => {
    const payload = Buffer.alloc(50 * 1024 * 1024, 0xff);
    assert.deepEqual(await processImage(payload), { ok: false, problem: { code: 'too-large', bytes: 50 * 1024 * 1024 } });
    assert.deepEqual(await processImage(Buffer.alloc(imageLimits.maxBytes + 1)), {
      ok: false,
      problem: { code: 'too-large', bytes: imageLimits.maxBytes + 1 },
    });
  });

  test('a JPEG cut short, and a PNG signature followed by rubbish, cannot be read', async () => {
    const photo = await makePhoto({ width: 400, height: 300, location: false });
    assert.deepEqual(await processImage(photo.subarray(0, Math.floor(photo.length / 2))), { ok: false, problem: { code: 'unreadable' } });
    const rubbish = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a PNG at all')]);
    assert.deepEqual(await processImage(rubbish), { ok: false, problem: { code: 'unreadable' } });
    assert.deepEqual(await processImage(new Uint8Array()), { ok: false, problem: { code: 'missing' } });
  });

  test('a strip more than five times taller than wide', async () => {
    const strip = await sharp({ create: { width: 100, height: 600, channels: 3, background: 'grey' } }).png().toBuffer();
    assert.deepEqual(await processImage(strip), { ok: false, problem: { code: 'too-tall', width: 100, height: 600 } });
  });
});

test('a 12-megapixel camera JPEG: time and bytes', async (t) => {
  const photo = await makePhoto({ width: 4000, height: 3000, location: true, quality: 92 });
  const started = performance.now();
  const image = stored(await processImage(photo));
  const milliseconds = Math.round(performance.now() - started);
  const bytes = image.renditions.map((file) => `${file.width}w ${Math.round(file.data.length / 1024)} KB`).join(', ');
  t.diagnostic(`12 MP JPEG of ${(photo.length / 1024 / 1024).toFixed(1)} MB → ${bytes} in ${milliseconds} ms`);
  assert.deepEqual(
    image.renditions.map((file) => file.width),
    [480, 960, 1600],
  );
  assert.ok(milliseconds < 20_000);
});

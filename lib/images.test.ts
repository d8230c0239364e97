import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  heightAt,
  imageFileName,
  imageLimits,
  imageProblemFromQuery,
  imageProblemMessage,
  imageProblemQuery,
  imageSrcSet,
  imageUrl,
  imageWidths,
  parseImageFileName,
  sniffImageFormat,
  storedWidths,
  type ImageProblem,
} from './images';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

const hash = 'ab'.repeat(32);

describe('sniffImageFormat', () => {
  test('knows each accepted format by its first bytes', () => {
    assert.equal(sniffImageFormat(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')), 'jpeg');
    assert.equal(sniffImageFormat(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'rest')), 'png');
    assert.equal(sniffImageFormat(bytes('GIF89a', [1, 0, 1, 0])), 'gif');
    assert.equal(sniffImageFormat(bytes('GIF87a', [1, 0, 1, 0])), 'gif');
    assert.equal(sniffImageFormat(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')), 'webp');
    assert.equal(sniffImageFormat(bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'mif1avifmiaf')), 'avif');
    // The AVIF brand among the compatible brands only.
    assert.equal(sniffImageFormat(bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1avis')), 'avif');
  });

  test('refuses what is not one of them, whatever the file is called', () => {
    assert.equal(sniffImageFormat(bytes('Just some notes, saved as photo.jpg\n')), null);
    assert.equal(sniffImageFormat(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')), null);
    assert.equal(sniffImageFormat(bytes('<?xml version="1.0"?><svg/>')), null);
    assert.equal(sniffImageFormat(bytes('%PDF-1.7')), null);
    assert.equal(sniffImageFormat(bytes('II*', [0])), null, 'TIFF');
    assert.equal(sniffImageFormat(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic')), null, 'HEIC');
    assert.equal(sniffImageFormat(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')), null, 'a WAV file');
    assert.equal(sniffImageFormat(bytes([0xff, 0xd8])), null, 'two bytes of a JPEG');
    assert.equal(sniffImageFormat(new Uint8Array()), null);
  });
});

describe('storedWidths', () => {
  test('never wider than the original', () => {
    for (const original of [1, 2, 100, 479, 480, 481, 600, 959, 960, 1000, 1599, 1600, 1601, 4000, 12_000]) {
      const widths = storedWidths(original);
      assert.ok(widths.length > 0, `${original}`);
      assert.ok(widths.every((width) => width <= original), `${original}: ${widths}`);
      assert.deepEqual(widths, [...widths].sort((a, b) => a - b), 'smallest first');
      assert.equal(new Set(widths).size, widths.length, 'no width twice');
    }
  });

  test('the standard widths for a large original, its own width for a small one', () => {
    assert.deepEqual(storedWidths(4000), [...imageWidths]);
    assert.deepEqual(storedWidths(1600), [480, 960, 1600]);
    assert.deepEqual(storedWidths(1300), [480, 960, 1300]);
    assert.deepEqual(storedWidths(1100), [480, 1100], '960 would save less than a fifth');
    assert.deepEqual(storedWidths(500), [500]);
    assert.deepEqual(storedWidths(300), [300]);
  });

  test('heights follow the original proportions, at least one pixel', () => {
    assert.equal(heightAt(480, { width: 4000, height: 3000 }), 360);
    assert.equal(heightAt(1600, { width: 4000, height: 3000 }), 1200);
    assert.equal(heightAt(480, { width: 1000, height: 333 }), 160);
    assert.equal(heightAt(480, { width: 40_000, height: 10 }), 1);
  });
});

describe('file names and addresses', () => {
  test('a name round-trips', () => {
    assert.equal(imageFileName(hash, 960), `${hash}-960.webp`);
    assert.deepEqual(parseImageFileName(`${hash}-960.webp`), { hash, width: 960 });
  });

  test('anything else is no image name', () => {
    for (const name of [
      `${hash}-960.jpg`,
      `${hash}-0960.webp`,
      `${hash}-0.webp`,
      `${hash}-960.webp/`,
      `${hash.toUpperCase()}-960.webp`,
      `${hash.slice(1)}-960.webp`,
      `${hash}-960.webp.webp`,
      `../${hash}-960.webp`,
      `..%2F${hash}-960.webp`,
      `${hash}-960.webp\0`,
      `${hash}-960 .webp`,
      `${hash}-123456.webp`,
      '../../margin.db',
      'auth-secret',
      '',
    ]) {
      assert.equal(parseImageFileName(name), null, name);
    }
  });

  test('srcset names each stored width', () => {
    const image = { hash, widths: [480, 960, 1600] };
    assert.equal(imageUrl(image, 480), `/images/${hash}-480.webp`);
    assert.equal(
      imageSrcSet(image),
      `/images/${hash}-480.webp 480w, /images/${hash}-960.webp 960w, /images/${hash}-1600.webp 1600w`,
    );
  });
});

describe('messages', () => {
  test('each refusal says what is wrong and what to do, with the figures', () => {
    assert.equal(
      imageProblemMessage({ code: 'too-large', bytes: 50 * 1024 * 1024 }),
      'This file is 50.0 MB; an image may be at most 10 MB. Save a smaller copy (2,000 pixels wide is plenty) and upload that.',
    );
    assert.match(imageProblemMessage({ code: 'too-large' }), /over the 10 MB limit/);
    assert.equal(
      imageProblemMessage({ code: 'not-an-image' }),
      'This file is not an image Margin can use: choose a JPEG, PNG, WebP, GIF or AVIF file.',
    );
    assert.equal(
      imageProblemMessage({ code: 'too-many-pixels', width: 100_000, height: 100_000 }),
      'This image is 100,000 × 100,000 pixels (10,000 megapixels); an image may have at most 40 megapixels. Save a smaller copy and upload that.',
    );
    assert.match(imageProblemMessage({ code: 'too-tall', width: 500, height: 5000 }), /500 × 5,000 pixels: an image may be at most 5 times as tall/);
    assert.match(imageProblemMessage({ code: 'unreadable' }), /damaged or cut short/);
    assert.match(imageProblemMessage({ code: 'missing' }), /Choose an image/);
    assert.equal(imageLimits.maxBytes, 10 * 1024 * 1024);
  });

  test('a refusal survives the trip through a page address; made-up numbers do not', () => {
    const problems: ImageProblem[] = [
      { code: 'missing' },
      { code: 'too-large', bytes: 52_428_800 },
      { code: 'too-large' },
      { code: 'not-an-image' },
      { code: 'too-many-pixels', width: 9000, height: 9000 },
      { code: 'too-tall', width: 100, height: 900 },
      { code: 'unreadable' },
      { code: 'failed' },
    ];
    for (const problem of problems) {
      const query = Object.fromEntries(imageProblemQuery(problem));
      assert.deepEqual(imageProblemFromQuery(query), problem.code === 'too-large' && !problem.bytes ? { code: 'too-large', bytes: undefined } : problem);
    }
    assert.equal(imageProblemFromQuery({}), null);
    assert.equal(imageProblemFromQuery({ error: '<script>alert(1)</script>' }), null);
    assert.equal(imageProblemFromQuery({ error: 'too-many-pixels', width: '-1', height: '9' }), null);
    assert.deepEqual(imageProblemFromQuery({ error: 'too-large', bytes: '1e400' }), { code: 'too-large', bytes: undefined });
  });
});

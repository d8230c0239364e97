import fs from 'node:fs';
import path from 'node:path';
import { e2eDataDirectory } from '../../playwright.config';
import { e2eDb } from './e2e-database';

// What the image tests look at from outside the browser: the rows and the files the server kept.

export { hasGpsBlock, makePhoto, makePngBomb, webpChunks } from '../../lib/test-images';

export function imageRowCount(): number {
  return e2eDb().get<{ count: number }>('select count(*) as count from images')!.count;
}

export function storedImageFiles(): string[] {
  const folder = path.join(e2eDataDirectory, 'images');
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
}

/** Every row and file, to compare before and after something that must store nothing. */
export function storedImages() {
  return { rows: imageRowCount(), files: storedImageFiles() };
}

/** A different picture each call, so one test's upload is never another's "already uploaded". */
export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

export const notAnImage = {
  name: 'holiday.jpg',
  mimeType: 'image/jpeg',
  buffer: Buffer.from('These are my notes from the holiday, saved with the wrong name.\n<script>alert(1)</script>\n'),
};

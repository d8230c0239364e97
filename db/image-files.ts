import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '@/lib/config';
import { imageFileName, imageFolderName, parseImageFileName } from '@/lib/images';

// The stored image files, beside the database in the data folder: `images/<hash>-<width>.webp`.
// Only the data layer (db/queries/images.ts) writes or finds them.

export function imageFolder(): string {
  return path.join(loadConfig().dataDirectory, imageFolderName);
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes each file that is not there yet, whole or not at all: to a temporary name, flushed to
 * disk, then renamed into place (a reader never sees half a file). Returns the names it created.
 */
export async function writeImageFiles(hash: string, files: { width: number; data: Buffer }[]): Promise<string[]> {
  const folder = imageFolder();
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  try {
    for (const file of files) {
      const name = imageFileName(hash, file.width);
      const target = path.join(folder, name);
      if (await exists(target)) continue;
      const temporary = path.join(folder, `.${name}.${crypto.randomBytes(6).toString('hex')}.tmp`);
      // Owner only, like everything in the data folder: the server itself serves them.
      const handle = await fs.open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(file.data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, target);
      created.push(name);
    }
  } catch (error) {
    await removeImageFiles(created);
    throw error;
  }
  return created;
}

export async function removeImageFiles(names: string[]): Promise<void> {
  const folder = imageFolder();
  await Promise.all(names.map((name) => fs.rm(path.join(folder, name), { force: true })));
}

export async function listImageFileNames(): Promise<string[]> {
  return fs.readdir(imageFolder()).catch(() => []);
}

/** The file a public address names, or null: the name is checked strictly before the disk is asked. */
export async function findImageFile(name: string): Promise<{ path: string; size: number; hash: string; width: number } | null> {
  const parsed = parseImageFileName(name);
  if (!parsed) return null;
  const file = path.join(imageFolder(), imageFileName(parsed.hash, parsed.width));
  const stat = await fs.stat(file).catch(() => null);
  return stat?.isFile() ? { path: file, size: stat.size, ...parsed } : null;
}

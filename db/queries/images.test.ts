import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { emptyTables, openTemporaryDatabase, sqlRows } from '@/db/test-database';
import { NotAllowedError, type Staff } from '@/lib/accounts';
import { imageFileName } from '@/lib/images';
import { makePhoto, makePngBomb, webpChunks } from '@/lib/test-images';

// Storing uploads: one row per picture, its files in the data folder, nothing for a refusal.

await openTemporaryDatabase('images');
const { getDb } = await import('@/db/index');
const { users } = await import('@/db/schema');
const { findImageFile, getImage, getImages, listRecentImages, storeImage } = await import('@/db/queries/images');
const { imageFolder, listImageFileNames } = await import('@/db/image-files');

async function addUser(role: Staff['role']): Promise<Staff> {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
  const [user] = await getDb().insert(users).values({ email, name: `A ${role}`, passwordHash: 'x', role }).returning({ id: users.id });
  return { id: user!.id, email, name: `A ${role}`, role };
}

const imageRows = () => sqlRows<Record<string, unknown>>(sql`select * from images order by id`);

beforeEach(async () => {
  await emptyTables('images');
  fs.rmSync(imageFolder(), { recursive: true, force: true });
});

describe('storeImage', () => {
  test('an editor stores a photo: one row, one WebP file per width, named by the hash', async () => {
    const editor = await addUser('editor');
    const photo = await makePhoto({ width: 2000, height: 1500, seed: 11 });
    const result = await storeImage(editor, photo);
    assert.ok(result.ok);
    assert.equal(result.created, true);
    const { image } = result;
    assert.deepEqual(Object.keys(image).sort(), ['hash', 'height', 'id', 'width', 'widths']);
    assert.deepEqual([image.width, image.height, image.widths], [2000, 1500, [480, 960, 1600]]);
    const [row] = await imageRows();
    assert.equal(row!.format, 'jpeg');
    assert.equal(row!.bytes, photo.length);
    assert.equal(row!.uploaded_by, editor.id);
    assert.deepEqual((await listImageFileNames()).sort(), image.widths.map((width) => imageFileName(image.hash, width)).sort());
    assert.equal(fs.statSync(imageFolder()).mode & 0o777, 0o700, 'the images folder is its owner\u2019s only');
    for (const width of image.widths) {
      assert.equal(fs.statSync(path.join(imageFolder(), imageFileName(image.hash, width))).mode & 0o777, 0o600);
      const file = fs.readFileSync(path.join(imageFolder(), imageFileName(image.hash, width)));
      assert.deepEqual(webpChunks(file), ['VP8 ']);
      assert.equal((await sharp(file).metadata()).width, width);
    }
  });

  test('the same image twice is one row and the same files; a lost file is written again', async () => {
    const editor = await addUser('editor');
    const photo = await makePhoto({ width: 1000, height: 750, seed: 12 });
    const first = await storeImage(editor, photo);
    assert.ok(first.ok);
    const files = await listImageFileNames();
    fs.rmSync(path.join(imageFolder(), files[0]!));
    const second = await storeImage(await addUser('contributor'), photo);
    assert.ok(second.ok);
    assert.equal(second.created, false);
    assert.deepEqual(second.image, first.image);
    assert.equal((await imageRows()).length, 1);
    assert.deepEqual((await listImageFileNames()).sort(), files.sort());
  });

  test('refusals store nothing: not an image, a bomb, too large', async () => {
    const editor = await addUser('editor');
    const refusals = [
      [Buffer.from('plain text, named photo.jpg'), 'not-an-image'],
      [makePngBomb(), 'too-many-pixels'],
      [Buffer.alloc(50 * 1024 * 1024), 'too-large'],
    ] as const;
    for (const [bytes, code] of refusals) {
      const result = await storeImage(editor, bytes);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.problem.code, code);
    }
    assert.deepEqual(await imageRows(), []);
    assert.deepEqual(await listImageFileNames(), []);
  });

  test('a moderator may not upload; the check comes before any work', async () => {
    await assert.rejects(storeImage(await addUser('moderator'), await makePhoto({ seed: 13 })), NotAllowedError);
    await assert.rejects(listRecentImages(await addUser('moderator')), NotAllowedError);
    assert.deepEqual(await imageRows(), []);
  });

  test('when the row cannot be written, the new files are removed', async () => {
    const ghost: Staff = { id: 999_999, email: 'ghost@example.com', name: 'Ghost', role: 'editor' };
    // uploaded_by references users: an unknown id fails the insert.
    await assert.rejects(storeImage(ghost, await makePhoto({ width: 600, height: 400, seed: 14 })));
    assert.deepEqual(await imageRows(), []);
    assert.deepEqual(await listImageFileNames(), []);
  });
});

describe('reading images', () => {
  test('getImage and getImages return the DTO, never the uploader', async () => {
    const editor = await addUser('editor');
    const a = await storeImage(editor, await makePhoto({ width: 800, height: 600, seed: 21 }));
    const b = await storeImage(editor, await makePhoto({ width: 500, height: 500, seed: 22 }));
    assert.ok(a.ok && b.ok);
    assert.deepEqual(await getImage(a.image.id), a.image);
    assert.equal(await getImage(987_654), null);
    assert.equal(await getImage(Number.NaN), null);
    const found = await getImages([b.image.id, a.image.id, a.image.id, 987_654, -1]);
    assert.deepEqual([...found.keys()].sort(), [a.image.id, b.image.id].sort());
    assert.deepEqual(found.get(b.image.id), b.image);
    assert.equal(JSON.stringify([...found.values()]).includes(editor.email), false);
    const listed = await listRecentImages(editor);
    assert.deepEqual(
      listed.map((image) => image.id),
      [b.image.id, a.image.id],
    );
    assert.equal(JSON.stringify(listed).includes(editor.email), false);
    assert.equal(JSON.stringify(listed).includes('uploaded'), false);
  });

  test('findImageFile finds stored files by their strict name only', async () => {
    const result = await storeImage(await addUser('editor'), await makePhoto({ width: 700, height: 500, seed: 23 }));
    assert.ok(result.ok);
    const name = imageFileName(result.image.hash, 480);
    const file = await findImageFile(name);
    assert.ok(file);
    assert.equal(file.size, fs.statSync(path.join(imageFolder(), name)).size);
    assert.match(file.etag, /^"[0-9a-f]{32}-480"$/);
    assert.equal(await findImageFile(imageFileName(result.image.hash, 481)), null);
    assert.equal(await findImageFile(`../${name}`), null);
    assert.equal(await findImageFile('../margin.db'), null);
  });
});

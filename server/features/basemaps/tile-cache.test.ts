import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { TileDiskCache } from './tile-cache.ts';

const tile = (n: number, size = 100) => ({ body: Buffer.alloc(size, n), contentType: 'image/png' });
const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'tile-cache-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

it('keeps at most maxBytes on disk, evicting the least recently used tiles first', async () => {
  const dir = await tempDir();
  const cache = new TileDiskCache(dir, 350);
  await cache.put('a/1/0/0', tile(1));
  await cache.put('a/1/0/1', tile(2));
  await cache.put('a/1/1/0', tile(3));
  expect(await cache.get('a/1/0/0')).not.toBeNull(); // now the most recently used
  await cache.put('a/1/1/1', tile(4));
  expect(await cache.size()).toBe(300);
  expect(await cache.get('a/1/0/1')).toBeNull(); // the oldest untouched one went
  expect((await cache.get('a/1/0/0'))?.body).toEqual(tile(1).body);
  expect((await cache.get('a/1/1/1'))?.contentType).toBe('image/png');
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.png')).sort();
  expect(files).toEqual([join('a', '1', '0', '0.png'), join('a', '1', '1', '0.png'), join('a', '1', '1', '1.png')]);
  // a tile larger than the whole cache is served but never stored
  await cache.put('a/2/0/0', tile(5, 400));
  expect(await cache.get('a/2/0/0')).toBeNull();
  expect(await cache.size()).toBe(300);
});

it('rebuilds its order from file times after a restart, and trims to a smaller limit', async () => {
  const dir = await tempDir();
  const first = new TileDiskCache(dir, 1000);
  for (const k of ['b/0/0/0', 'b/1/0/0', 'b/1/1/0']) await first.put(k, tile(1));
  // make b/1/0/0 the oldest by its file time
  await utimes(join(dir, 'b/1/0/0.png'), new Date(2000, 0, 1), new Date(2000, 0, 1));
  const reopened = new TileDiskCache(dir, 250);
  expect(await reopened.size()).toBe(200);
  expect(await reopened.get('b/1/0/0')).toBeNull();
  expect(await reopened.get('b/0/0/0')).not.toBeNull();
  expect(await reopened.get('b/1/1/0')).not.toBeNull();
});

it('stores images only', async () => {
  const cache = new TileDiskCache(await tempDir(), 1000);
  await cache.put('c/0/0/0', { body: Buffer.from('<xml/>'), contentType: 'text/xml' });
  expect(await cache.get('c/0/0/0')).toBeNull();
  expect(await cache.size()).toBe(0);
});

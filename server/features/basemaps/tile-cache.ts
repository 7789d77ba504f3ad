/**
 * A bounded on-disk cache of proxied basemap tiles: one file per tile under `dir`, at most
 * `maxBytes` in all. Past the limit the least recently used tiles go first (a hit refreshes the
 * file's mtime, so the order survives a restart: the index is rebuilt from mtimes on open).
 */
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export interface TileCacheEntry {
  body: Buffer;
  contentType: string;
}

const TYPE_BY_EXT: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };
const EXT_BY_TYPE: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export class TileDiskCache {
  /** key → bytes, in least-recently-used-first order (Map keeps insertion order). */
  private index = new Map<string, { file: string; size: number }>();
  private total = 0;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    readonly maxBytes: number,
  ) {}

  /** The index, read from disk on first use (nothing is touched until a tile is asked for). */
  private get ready(): Promise<void> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  /** Bytes held on disk now. */
  async size(): Promise<number> {
    await this.ready;
    return this.total;
  }

  async get(key: string): Promise<TileCacheEntry | null> {
    await this.ready;
    const hit = this.index.get(key);
    if (!hit) return null;
    try {
      const body = await readFile(hit.file);
      this.index.delete(key);
      this.index.set(key, hit);
      const now = new Date();
      await utimes(hit.file, now, now).catch(() => undefined);
      return { body, contentType: TYPE_BY_EXT[hit.file.slice(hit.file.lastIndexOf('.') + 1)] ?? 'application/octet-stream' };
    } catch {
      this.forget(key);
      return null;
    }
  }

  /** Stores a tile (images only; anything else is not cached) and evicts past the limit. */
  async put(key: string, entry: TileCacheEntry): Promise<void> {
    await this.ready;
    const ext = EXT_BY_TYPE[entry.contentType.split(';')[0]!.trim().toLowerCase()];
    if (!ext || entry.body.length > this.maxBytes) return;
    const file = join(this.dir, `${key}.${ext}`);
    await mkdir(dirname(file), { recursive: true });
    // write then rename: a reader never sees half a tile
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, entry.body);
    await rename(tmp, file);
    this.forget(key);
    this.index.set(key, { file, size: entry.body.length });
    this.total += entry.body.length;
    await this.evict();
  }

  private forget(key: string) {
    const old = this.index.get(key);
    if (!old) return;
    this.index.delete(key);
    this.total -= old.size;
  }

  private async evict() {
    for (const [key, { file }] of this.index) {
      if (this.total <= this.maxBytes) break;
      this.forget(key);
      await unlink(file).catch(() => undefined);
    }
  }

  private async load() {
    await mkdir(this.dir, { recursive: true });
    const found: { key: string; file: string; size: number; mtime: number }[] = [];
    for (const name of await readdir(this.dir, { recursive: true })) {
      const file = join(this.dir, name);
      const dot = name.lastIndexOf('.');
      if (dot < 0 || !TYPE_BY_EXT[name.slice(dot + 1)]) continue;
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) continue;
      found.push({
        key: relative(this.dir, file)
          .slice(0, -(name.length - dot))
          .split(sep)
          .join('/'),
        file,
        size: st.size,
        mtime: st.mtimeMs,
      });
    }
    found.sort((a, b) => a.mtime - b.mtime);
    for (const f of found) {
      this.index.set(f.key, { file: f.file, size: f.size });
      this.total += f.size;
    }
    await this.evict();
  }
}

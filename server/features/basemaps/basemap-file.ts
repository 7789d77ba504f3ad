/**
 * A bring-your-own offline basemap: a PMTiles v3 archive on this machine (BASEMAP_FILE), read with
 * the `pmtiles` package and served as ordinary XYZ tiles at /basemap/file/{z}/{x}/{y}. Decoding on
 * the server keeps the client on plain raster/vector sources (no protocol handler), lets each tile
 * carry its own ETag, and hands tiles out uncompressed whatever the archive's tile compression.
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PMTiles, TileType, type Header, type RangeResponse, type Source } from 'pmtiles';

/** pmtiles `Source` over a local file: positioned reads, short at the end of the file. */
class NodeFileSource implements Source {
  constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}
  getKey(): string {
    return this.path;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) };
  }
}

const MIME: Partial<Record<TileType, string>> = {
  [TileType.Mvt]: 'application/vnd.mapbox-vector-tile',
  [TileType.Png]: 'image/png',
  [TileType.Jpeg]: 'image/jpeg',
  [TileType.Webp]: 'image/webp',
  [TileType.Avif]: 'image/avif',
};

export interface BasemapFile {
  readonly path: string;
  readonly header: Header;
  readonly kind: 'raster' | 'vector';
  readonly contentType: string;
  /** Strong validator of the archive: size and modification time (a replaced file gets a new one). */
  readonly etag: string;
  /** The tile's bytes (decompressed), or null where the archive has none. */
  tile(z: number, x: number, y: number): Promise<Buffer | null>;
  close(): Promise<void>;
}

export async function openBasemapFile(path: string): Promise<BasemapFile> {
  path = resolve(path);
  const handle = await open(path, 'r');
  try {
    const info = await stat(path);
    const archive = new PMTiles(new NodeFileSource(path, handle));
    const header = await archive.getHeader();
    const contentType = MIME[header.tileType];
    if (!contentType) throw new Error(`BASEMAP_FILE ${path}: tile type ${header.tileType} is neither MVT nor an image`);
    const etag = `"${createHash('sha1').update(`${info.size}:${info.mtimeMs}`).digest('base64url').slice(0, 16)}"`;
    return {
      path,
      header,
      kind: header.tileType === TileType.Mvt ? 'vector' : 'raster',
      contentType,
      etag,
      async tile(z, x, y) {
        const res = await archive.getZxy(z, x, y);
        return res && res.data.byteLength > 0 ? Buffer.from(res.data) : null;
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

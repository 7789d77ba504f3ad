/**
 * Reading a tar archive held in memory (ustar, as pglite-postgis ships its bundle and PGlite dumps a
 * data directory): each entry's name, type and blocks, in order. Extended headers (pax, GNU long
 * names) come through as entries of their own type; their contents are not applied.
 */

const BLOCK = 512;

export interface TarEntry {
  /** the path, the ustar prefix joined on */
  name: string;
  /** the typeflag: '0' file, '5' directory, '2' symbolic link, 'x' / 'L' / 'K' extended headers… */
  type: string;
  mode: number;
  /** the file's bytes */
  data: Buffer;
  /** the header and data blocks, exactly as in the archive */
  blocks: Buffer;
}

export function* tarEntries(tar: Buffer): Generator<TarEntry> {
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return; // the end-of-archive blocks
    const field = (from: number, to: number) => header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 136).trim() || '0', 8);
    const blocks = tar.subarray(at, at + BLOCK + Math.ceil(size / BLOCK) * BLOCK);
    at += blocks.length;
    const prefix = field(345, 500);
    yield {
      name: prefix ? `${prefix}/${field(0, 100)}` : field(0, 100),
      type: header[156] === 0 ? '0' : String.fromCharCode(header[156]!),
      mode: Number.parseInt(field(100, 108).trim() || '0', 8),
      data: blocks.subarray(BLOCK, BLOCK + size),
      blocks,
    };
  }
}

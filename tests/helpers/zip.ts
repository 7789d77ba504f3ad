/**
 * Zip archives for fixtures and tests, written by yazl (an independent writer: our readers are
 * yauzl and exceljs), entries in the order given, with a fixed date so the same entries give the
 * same bytes.
 */
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Unix mode bits (e.g. a symlink's). */
  mode?: number;
  /** Deflate (the default) or store. */
  compress?: boolean;
}

export function zipBuffer(entries: ZipEntry[]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const e of entries)
    z.addBuffer(Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data), e.name, {
      mtime: new Date(Date.UTC(2023, 4, 24)),
      compress: e.compress ?? true,
      ...(e.mode ? { mode: e.mode } : {}),
    });
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

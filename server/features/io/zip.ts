/**
 * Reading uploaded zip archives (zipped Shapefiles, KMZ) without trusting them: entry names are
 * never used as paths (members are extracted to fixed names in the import's scratch directory),
 * yauzl rejects absolute and `..` names, and entry count, total inflated size and compression ratio
 * are capped so a zip bomb fails fast instead of filling the disk.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import { DomainError } from '../../lib/errors.ts';
import { LIMITS } from './limits.ts';

export const unsafeZip = (why: string) =>
  new DomainError('UNSAFE_ZIP', { zh: `压缩包无法安全读取：${why}`, en: `The zip archive cannot be read safely: ${why}` });

export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}

function open(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(unsafeZip(err?.message ?? 'unreadable')) : resolve(zip),
    ),
  );
}

/** All entries (files only), after the count and size checks. */
async function entries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  if (zip.entryCount > LIMITS.maxZipEntries) throw unsafeZip(`more than ${LIMITS.maxZipEntries} entries`);
  const out: yauzl.Entry[] = [];
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) {
        total += e.uncompressedSize;
        const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
        if (total > LIMITS.maxUnzippedBytes) return reject(unsafeZip('inflates beyond the size limit'));
        if (ratio > LIMITS.maxZipRatio && e.uncompressedSize > 1024 * 1024) return reject(unsafeZip('suspicious compression ratio'));
        out.push(e);
      }
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', (err: Error) => reject(unsafeZip(err.message)));
    zip.readEntry();
  });
  return out;
}

export async function listZip(path: string): Promise<string[]> {
  const zip = await open(path);
  try {
    return (await entries(zip)).map((e) => e.fileName);
  } finally {
    zip.close();
  }
}

/**
 * Extracts the chosen entries to the given target paths. The byte count is enforced while
 * inflating too, because the sizes in the central directory are the archive's own claim.
 */
export async function extractZip(path: string, targets: ReadonlyMap<string, string>): Promise<void> {
  const zip = await open(path);
  try {
    for (const entry of await entries(zip)) {
      const target = targets.get(entry.fileName);
      if (!target) continue;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) => (err || !s ? reject(unsafeZip(err?.message ?? 'unreadable entry')) : resolve(s))),
      );
      let seen = 0;
      const guard = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          seen += chunk.length;
          if (seen > LIMITS.maxUnzippedBytes) cb(unsafeZip('inflates beyond the size limit'));
          else cb(null, chunk);
        },
      });
      await pipeline(stream, guard, createWriteStream(target)).catch((err: unknown) => {
        throw err instanceof DomainError ? err : unsafeZip((err as Error).message);
      });
    }
  } finally {
    zip.close();
  }
}

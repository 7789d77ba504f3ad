/**
 * Text encodings of uploaded files. Chinese offices still produce GBK CSVs (Excel's default "CSV" on
 * a zh-CN Windows) and GBK shapefiles; we decode GBK as GB18030, its superset, so nothing is lost.
 * Detection: a BOM wins; otherwise bytes that are valid UTF-8 are UTF-8 (GBK text practically never
 * is), and anything else is taken as GB18030 and reported as a guess.
 */
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';

export interface DetectedEncoding {
  encoding: string;
  /** Bytes of byte-order mark to skip. */
  bom: number;
  /** True when no BOM or declaration said so: the UI should show it. */
  guessed: boolean;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    // stream: true so a multi-byte character cut at the end of the sample is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3, guessed: false };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2, guessed: false };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2, guessed: false };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', bom: 0, guessed: false };
  return { encoding: 'gb18030', bom: 0, guessed: true };
}

export async function readHead(path: string, bytes = 1024 * 1024, position = 0): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Maps a .cpg / XML declaration label to an encoding iconv-lite and TextDecoder both know. */
export function normaliseEncodingLabel(label: string): string | undefined {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^ansi\s+/, '');
  if (/^(utf-?8|65001)$/.test(l)) return 'utf-8';
  if (/^(gbk|cp936|936|gb2312|gb18030|x-gbk|ms936|windows-936)$/.test(l)) return 'gb18030';
  if (/^(big5|950|cp950)$/.test(l)) return 'big5';
  if (/^(latin1|iso-?8859-?1|88591)$/.test(l)) return 'latin1';
  if (/^(1252|cp1252|windows-1252)$/.test(l)) return 'windows-1252';
  return iconv.encodingExists(l) ? l : undefined;
}

export function decode(bytes: Uint8Array, encoding: string): string {
  return encoding === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : iconv.decode(Buffer.from(bytes), encoding);
}

/** A Transform decoding the byte stream (BOM stripped). */
export function decodeStream(encoding: string): NodeJS.ReadWriteStream {
  return iconv.decodeStream(encoding, { stripBOM: true });
}

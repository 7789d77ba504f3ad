/**
 * What evidence may be stored with a case: photos (JPEG, PNG, WebP) and PDF, at most 10 MB,
 * recognised by their content (file-type), never by name or declared type. A file must also be
 * nothing but that type: a polyglot — an image or PDF with HTML, a script or a ZIP archive hidden
 * after its end or inside it — is refused, because a browser or an unzip tool would read the
 * other half. Expected refusals are returned as values; the caller turns them into 4xx.
 */
import { createHash } from 'node:crypto';
import { loadExifr, loadFileType } from '../../lib/lazy-packages.ts';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export type EvidenceCheck =
  | { ok: true; mime: EvidenceType; sha256: string; lng: number | null; lat: number | null }
  | { ok: false; code: 'EMPTY_FILE' | 'UNSUPPORTED_TYPE' | 'POLYGLOT'; reason: string };

const ascii = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Markup a browser would run and archive headers an unzip tool would find, anywhere in the file. */
const HIDDEN = [/<\s*(html|script|body|iframe|svg|object|embed)[\s>/]/i, /<!doctype\s+html/i, /<\?php/i];
/**
 * A ZIP is found by its end-of-central-directory record plus an entry header; asking for both keeps
 * a photo's compressed bytes from matching one 4-byte signature by chance.
 */
const hasZip = (text: string) => text.includes('PK\x05\x06') && (text.includes('PK\x03\x04') || text.includes('PK\x01\x02'));

/** Where a JPEG ends: walks the segments to the entropy-coded data and on to EOI (FF D9). */
function jpegEnd(b: Uint8Array): number | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 2 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9) return i + 2;
    if (marker >= 0xd0 && marker <= 0xd7) {
      i += 2;
      continue;
    }
    if (i + 4 > b.length) return undefined;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (len < 2) return undefined;
    i += 2 + len;
    if (marker === 0xda) {
      // scan data: ends at a marker that is neither a stuffed zero nor a restart marker
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0 && !(b[i + 1]! >= 0xd0 && b[i + 1]! <= 0xd7))) i++;
    }
  }
  return undefined;
}

/** Where a PNG ends: after the IEND chunk. */
function pngEnd(b: Uint8Array): number | undefined {
  let i = 8;
  while (i + 12 <= b.length) {
    const len = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    const type = ascii(b.subarray(i + 4, i + 8));
    i += 12 + len;
    if (type === 'IEND') return i;
  }
  return undefined;
}

/** Where a WebP (RIFF) ends: the length its header declares. */
function webpEnd(b: Uint8Array): number | undefined {
  if (b.length < 12) return undefined;
  return 8 + (((b[7]! << 24) | (b[6]! << 16) | (b[5]! << 8) | b[4]!) >>> 0);
}

/** Where a PDF ends: its last %%EOF (and the line end after it). */
function pdfEnd(b: Uint8Array): number | undefined {
  const text = ascii(b);
  const at = text.lastIndexOf('%%EOF');
  if (at < 0) return undefined;
  const m = /^%%EOF[\r\n\t ]*/.exec(text.slice(at));
  return at + m![0].length;
}

const END: Record<EvidenceType, (b: Uint8Array) => number | undefined> = {
  'image/jpeg': jpegEnd,
  'image/png': pngEnd,
  'image/webp': webpEnd,
  'application/pdf': pdfEnd,
};

const LABEL: Record<EvidenceType, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP', 'application/pdf': 'PDF' };

async function gpsOf(data: Uint8Array): Promise<{ lng: number; lat: number } | undefined> {
  try {
    const exifr = await loadExifr();
    const gps = (await exifr.gps(Buffer.from(data.buffer, data.byteOffset, data.byteLength))) as { latitude?: number; longitude?: number } | undefined;
    if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude) && Math.abs(gps.latitude!) <= 90 && Math.abs(gps.longitude!) <= 180)
      return { lng: gps.longitude!, lat: gps.latitude! };
  } catch {
    // unreadable EXIF is no position, not a refusal: the image itself was checked above
  }
  return undefined;
}

export async function checkEvidence(data: Uint8Array): Promise<EvidenceCheck> {
  if (data.byteLength === 0) return { ok: false, code: 'EMPTY_FILE', reason: 'the file is empty' };
  const fileTypeFromBuffer = await loadFileType();
  const detected = await fileTypeFromBuffer(data);
  const mime = EVIDENCE_TYPES.find((t) => t === detected?.mime);
  if (!mime) return { ok: false, code: 'UNSUPPORTED_TYPE', reason: detected ? `${detected.mime} is not a photo or PDF` : 'not a recognised photo or PDF' };
  const end = END[mime](data);
  if (end === undefined) return { ok: false, code: 'UNSUPPORTED_TYPE', reason: `a damaged ${LABEL[mime]}` };
  if (end < data.byteLength) return { ok: false, code: 'POLYGLOT', reason: `${data.byteLength - end} bytes follow the end of the ${LABEL[mime]}` };
  const text = ascii(data);
  if (HIDDEN.some((re) => re.test(text))) return { ok: false, code: 'POLYGLOT', reason: `the ${LABEL[mime]} carries HTML or script` };
  if (hasZip(text)) return { ok: false, code: 'POLYGLOT', reason: `the ${LABEL[mime]} carries a ZIP archive` };
  const gps = mime === 'application/pdf' ? undefined : await gpsOf(data);
  return { ok: true, mime, sha256: createHash('sha256').update(data).digest('hex'), lng: gps?.lng ?? null, lat: gps?.lat ?? null };
}

/**
 * Receives one evidence file (multipart field `file`) into memory: at most 10 MB, so no scratch
 * file is needed; the limit is enforced while bytes arrive (413) and by Content-Length up front.
 */
import type { Request } from 'express';
import { checkMultipart, receiveFile } from '../io/upload.ts';

export async function receiveEvidence(req: Request, maxBytes: number): Promise<{ filename: string; data: Uint8Array }> {
  checkMultipart(req, maxBytes);
  return receiveFile(
    req,
    maxBytes,
    { fields: 10, parts: 20 },
    (stream, filename) =>
      new Promise((ok) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => ok({ filename: filename.slice(0, 255), data: Buffer.concat(chunks) }));
      }),
  );
}

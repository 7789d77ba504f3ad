import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/**
 * Streams text chunks with backpressure. If the client goes away the generator is closed (its
 * database paging stops); if the generator fails after headers went out, the socket is cut so the
 * client sees a truncated download rather than a valid-looking file.
 */
export async function sendTextStream(
  res: Response,
  chunks: AsyncIterable<string>,
  headers: { contentType: string; filename?: string },
): Promise<void> {
  res.setHeader('Content-Type', headers.contentType);
  if (headers.filename) res.attachment(headers.filename);
  try {
    await pipeline(Readable.from(chunks), res);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    if (!res.headersSent) throw err;
    res.destroy(err as Error);
  }
}

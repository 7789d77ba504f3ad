import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/** The date in the bureau's time zone (a download at 07:00 in Datong is dated today, not yesterday). */
export const localDate = (d = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);

/**
 * Streams a download (text or binary chunks) with backpressure. A failure before the first byte
 * becomes a normal JSON error (the attachment header is withdrawn); after it, the socket is cut so
 * the client sees a broken download, never a valid-looking truncated file.
 */
export async function sendDownload(
  res: Response,
  chunks: AsyncIterable<string | Uint8Array>,
  headers: { contentType: string; filename: string },
): Promise<void> {
  res.attachment(headers.filename); // sets a Content-Type from the extension: ours overrides it below
  res.setHeader('Content-Type', headers.contentType);
  try {
    await pipeline(Readable.from(chunks), res);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    if (res.headersSent) return void res.destroy(err as Error);
    res.removeHeader('Content-Disposition');
    throw err;
  }
}

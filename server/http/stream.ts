import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/**
 * Streams text chunks with backpressure. If the client goes away the generator is closed (its
 * database paging stops); if the generator fails after headers went out, the socket is cut so the
 * client sees a truncated download rather than a valid-looking file. A failure before the first
 * chunk is thrown to the caller (a normal error answer).
 */
export async function sendTextStream(res: Response, chunks: AsyncIterable<string>, headers: { contentType: string; filename?: string }): Promise<void> {
  // the first chunk is read before anything is sent: a source that fails at once (its first query)
  // is still an error answer; piping it straight away destroyed the response before one could go out
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  async function* all() {
    if (first.done) return;
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  res.setHeader('Content-Type', headers.contentType);
  if (headers.filename) res.attachment(headers.filename);
  try {
    await pipeline(Readable.from(all()), res);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    if (!res.headersSent) throw err;
    res.destroy(err as Error);
  }
}

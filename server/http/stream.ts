/**
 * The one way a large answer leaves the server: a download or an inline streamed document (layer
 * features, OGC pages, violation lists, audit exports). Backpressure runs end to end: the source (a
 * generator paging the database in bounded batches) is asked for its next chunk only when the socket
 * has taken the previous one, so a client that stops reading stops the database paging too.
 *
 *  - Up to ONE_PIECE_BYTES is read before anything is sent: a source failing at once (its first
 *    query) is still a coded error answer, and an answer that fits is sent whole without a slot.
 *  - A larger answer is heavy: it takes a slot of the app's HeavyResponseCap or is refused with 429
 *    and `Retry-After` (server/http/heavy-cap.ts).
 *  - Written in pieces of PIECE_BYTES; a client that takes none for the write timeout is cut off and
 *    the source closed (its paging ends; no connection is held between batches).
 *  - A failure after the headers went out cuts the socket, so the client sees a broken download,
 *    never a valid-looking truncated file.
 */
import type { Response } from 'express';
import { heavyCapOf } from './heavy-cap.ts';

/** An answer up to this size is sent as one piece and is not heavy. */
const ONE_PIECE_BYTES = 1024 * 1024;
/** Writes go out in pieces of this size: the write timeout reads "no piece taken for that long". */
const PIECE_BYTES = 64 * 1024;

class ClientGone extends Error {}

const toBuffer = (c: string | Uint8Array) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength));

export async function sendStream(
  res: Response,
  chunks: AsyncIterable<string | Uint8Array>,
  headers: { contentType: string; filename?: string },
): Promise<void> {
  const cap = heavyCapOf(res);
  const it = chunks[Symbol.asyncIterator]();
  let release: (() => void) | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const onClose = () => {
    closed = true;
    wake?.();
  };
  const onDrain = () => wake?.();
  res.on('close', onClose).on('drain', onDrain).on('finish', onDrain);

  /** Until the socket took what is buffered (drain), the client went away, or the write timeout. */
  const drained = () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        wake = undefined;
        res.req.log?.warn({ bytesWritten: res.socket?.bytesWritten }, 'write timeout: the client took nothing; response cut');
        res.destroy();
        reject(new ClientGone());
      }, cap.options.writeTimeoutMs);
      wake = () => {
        wake = undefined;
        clearTimeout(timer);
        if (closed) reject(new ClientGone());
        else resolve();
      };
    });

  const write = async (buf: Buffer) => {
    for (let at = 0; at < buf.length; at += PIECE_BYTES) {
      if (closed) throw new ClientGone();
      if (!res.write(buf.subarray(at, at + PIECE_BYTES))) await drained();
    }
  };

  try {
    const head: Buffer[] = [];
    let size = 0;
    let done = false;
    while (size < ONE_PIECE_BYTES) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      const b = toBuffer(r.value);
      head.push(b);
      size += b.length;
    }
    if (closed) return;
    if (!done) {
      release = cap.tryAcquire();
      if (!release) throw cap.refuse(res);
    }
    if (headers.filename) res.attachment(headers.filename); // sets a type from the extension: ours follows
    res.setHeader('Content-Type', headers.contentType);
    if (done) res.setHeader('Content-Length', size);
    for (const b of head) await write(b);
    head.length = 0;
    if (!done) for (let r = await it.next(); !r.done; r = await it.next()) await write(toBuffer(r.value));
    if (closed) return;
    res.end();
    // the last pieces may still wait in the socket: the write timeout holds until they are taken
    if (!res.writableFinished) await drained();
  } catch (err) {
    if (err instanceof ClientGone) return;
    if (!res.headersSent) throw err; // a normal error answer (error middleware)
    res.req.log?.error({ err }, 'streamed response failed after its headers: connection cut');
    res.destroy();
  } finally {
    res.off('close', onClose).off('drain', onDrain).off('finish', onDrain);
    release?.();
    await it.return?.(undefined);
  }
}

/**
 * Receives the multipart upload (field `file`) straight to a scratch file with busboy: nothing is
 * buffered in memory, the size limit is enforced while bytes arrive (413), and the scratch
 * directory is the import's private work area, removed by `cleanup()` (or, after a SIGKILL, by the
 * next start: scratch.ts).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { diskFull, isDiskFull } from '../../db/disk-space.ts';
import { DomainError, inputError } from '../../lib/errors.ts';
import type { UploadedFile } from './import.service.ts';
import { makeScratchDir } from './scratch.ts';

export const tooLarge = (max: number) =>
  new DomainError('PAYLOAD_TOO_LARGE', {
    zh: `文件超过 ${Math.round(max / 1048576)} MB 上限`,
    en: `The file exceeds the ${Math.round(max / 1048576)} MB limit`,
  });

/** Multipart framing around the file is small; allow for it in the Content-Length pre-check. */
const FRAMING = 64 * 1024;

/** Refuses, before any byte is read, a request that is not multipart or declares more than `maxBytes` (plus framing). */
export function checkMultipart(req: Request, maxBytes: number): void {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? ''))
    throw new DomainError('EXPECTED_MULTIPART', {
      zh: '请以 multipart/form-data 上传，字段名 file',
      en: 'Upload as multipart/form-data with the field "file"',
    });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING) {
    req.resume(); // drain, so the client reads our 413 instead of a reset connection
    throw tooLarge(maxBytes);
  }
}

/**
 * The one file of a multipart request (field `file`), handed to `sink` as its bytes arrive; other
 * files are drained. Past `maxBytes` the answer is 413 however far the sink got; a sink's failure
 * that is not a domain error is a full disk (507) or a failed upload (400).
 */
export function receiveFile<T>(
  req: Request,
  maxBytes: number,
  limits: { fields: number; parts: number },
  sink: (stream: Readable, filename: string) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, ...limits } });
    } catch (err) {
      return reject(inputError('MALFORMED_UPLOAD', { zh: '上传请求无法解析', en: `Malformed upload: ${(err as Error).message}` }));
    }
    let got: Promise<T> | undefined;
    const fail = (err: DomainError) => {
      req.unpipe(bb);
      req.resume();
      reject(err);
    };
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || got) return void stream.resume();
      got = new Promise<T>((ok, ko) => {
        stream.on('limit', () => ko(tooLarge(maxBytes)));
        sink(stream, info.filename ?? '').then(ok, ko);
      });
      got.catch(() => undefined); // observed below; avoid an unhandled rejection in between
    });
    bb.on('error', (err: Error) => fail(inputError('MALFORMED_UPLOAD', { zh: '上传请求无法解析', en: `Malformed upload: ${err.message}` })));
    bb.on('close', () => {
      if (!got) return fail(inputError('NO_FILE', { zh: '请求中没有名为 file 的文件', en: 'The request has no file in the field "file"' }));
      got.then(resolve, (err: unknown) =>
        fail(err instanceof DomainError ? err : isDiskFull(err) ? diskFull() : inputError('MALFORMED_UPLOAD', { zh: '上传失败', en: 'Upload failed' })),
      );
    });
    req.on('aborted', () => reject(inputError('UPLOAD_ABORTED', { zh: '上传被中断', en: 'The upload was interrupted' })));
    req.pipe(bb);
  });
}

export async function receiveUpload(req: Request, maxBytes: number): Promise<UploadedFile & { cleanup(): Promise<void> }> {
  checkMultipart(req, maxBytes);
  const workDir = await makeScratchDir('import');
  const cleanup = () => rm(workDir, { recursive: true, force: true });
  const path = join(workDir, 'upload.bin');
  try {
    const { filename, size } = await receiveFile(
      req,
      maxBytes,
      { fields: 20, parts: 30 },
      (stream, filename) =>
        new Promise<{ filename: string; size: number }>((ok, ko) => {
          let size = 0;
          const out = createWriteStream(path);
          stream.on('data', (c: Buffer) => {
            size += c.length;
          });
          out.on('error', ko);
          out.on('finish', () => ok({ filename, size }));
          stream.pipe(out);
        }),
    );
    return { path, filename, size, workDir, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * Receives one evidence file (multipart field `file`) into memory: at most 10 MB, so no scratch
 * file is needed; the limit is enforced while bytes arrive (413) and by Content-Length up front.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { DomainError, inputError } from '../../lib/errors.ts';
import { tooLarge } from '../io/upload.ts';

const FRAMING = 64 * 1024;

export function receiveEvidence(req: Request, maxBytes: number): Promise<{ filename: string; data: Uint8Array }> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? ''))
    throw new DomainError('EXPECTED_MULTIPART', {
      zh: '请以 multipart/form-data 上传，字段名 file',
      en: 'Upload as multipart/form-data with the field "file"',
    });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FRAMING) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 20 } });
    } catch (err) {
      return reject(inputError('MALFORMED_UPLOAD', { zh: '上传请求无法解析', en: `Malformed upload: ${(err as Error).message}` }));
    }
    let file: Promise<{ filename: string; data: Uint8Array }> | undefined;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file' || file) return void stream.resume();
      file = new Promise((ok, ko) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => ko(tooLarge(maxBytes)));
        stream.on('end', () => ok({ filename: (info.filename ?? '').slice(0, 255), data: Buffer.concat(chunks) }));
      });
      file.catch(() => undefined); // observed in 'close' below
    });
    bb.on('error', (err) => reject(inputError('MALFORMED_UPLOAD', { zh: '上传请求无法解析', en: `Malformed upload: ${(err as Error).message}` })));
    bb.on('close', () => {
      if (!file) return reject(inputError('NO_FILE', { zh: '请求中没有 file 字段', en: 'No "file" field in the upload' }));
      file.then(resolve, (err: unknown) => {
        req.unpipe(bb);
        req.resume();
        reject(err);
      });
    });
    req.pipe(bb);
  });
}

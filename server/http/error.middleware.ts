import type { ErrorRequestHandler, RequestHandler } from 'express';
import { diskFull, isDiskFull } from '../db/disk-space.ts';
import { DomainError } from '../lib/errors.ts';
import { AppError, fromDomain, internalError } from './errors.ts';

/** The JSON body of every error response: `{ error: { code, message, messageZh, details? } }`. */
export function errorBody(err: AppError) {
  return {
    error: {
      code: err.code,
      message: err.text.en,
      messageZh: err.text.zh,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}

/** Errors thrown by express' own parsers (bad JSON body, too large) carry a status; keep it, hide the rest. */
function fromHttpError(err: unknown): AppError | undefined {
  const e = err as { status?: number; type?: string };
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  if (e.type === 'entity.too.large') return new AppError(413, 'PAYLOAD_TOO_LARGE', { zh: '请求体过大', en: 'Request body too large' });
  return new AppError(e.status, 'BAD_REQUEST', { zh: '请求无法解析', en: 'Malformed request' });
}

/** What a download route set before it failed would mislabel the error: it is JSON, not the file. */
function forgetDownload(res: Parameters<ErrorRequestHandler>[2]) {
  if (res.headersSent) return;
  res.removeHeader('Content-Disposition');
  res.removeHeader('Content-Type');
}

/**
 * The coded error an exception stands for (a domain error with its status from status.ts), or undefined for an unexpected one (a 500). A full disk
 * (SQLSTATE 53100 from either database, ENOSPC from a scratch file) is the operator's to fix: 507.
 * Also used where an error is written into a response already under way (the import's progress stream).
 */
export function knownError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof DomainError) return fromDomain(err);
  return fromHttpError(err) ?? (isDiskFull(err) ? fromDomain(diskFull()) : undefined);
}

/**
 * Largest unread request body an error answer waits for. A request refused before its body was read
 * (a bad query parameter on an upload) would otherwise be answered and closed while the client is
 * still sending: the client sees EPIPE instead of the answer. Up to this size the body is read and
 * dropped first; a larger or unsized one is answered at once (reading it could take long).
 */
const DRAIN_LIMIT_BYTES = 32 * 1024 * 1024;

function afterBodyRead(req: Parameters<ErrorRequestHandler>[1], then: () => void) {
  const length = Number(req.headers['content-length']);
  if (req.complete || req.readableEnded || req.destroyed || !(length > 0 && length <= DRAIN_LIMIT_BYTES)) return then();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  req.once('end', once).once('close', once).once('error', once);
  req.resume();
}

export function errorMiddleware(log: { error: (obj: unknown, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = knownError(err);
    if (known) {
      forgetDownload(res);
      afterBodyRead(req, () => res.status(known.status).json(errorBody(known)));
      return;
    }
    log.error({ err }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    forgetDownload(res);
    res.status(500).json(errorBody(internalError()));
  };
}

export const notFoundRoute: RequestHandler = (req, _res, next) =>
  next(new AppError(404, 'NOT_FOUND', { zh: `没有此接口：${req.path}`, en: `No such endpoint: ${req.path}` }));

import type { ErrorRequestHandler, RequestHandler } from 'express';
import { diskFull, isDiskFull } from '../db/disk-space.ts';
import { AppError } from './errors.ts';

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
  if (e.type === 'entity.too.large')
    return new AppError(413, 'PAYLOAD_TOO_LARGE', { zh: '请求体过大', en: 'Request body too large' });
  return new AppError(e.status, 'BAD_REQUEST', { zh: '请求无法解析', en: 'Malformed request' });
}

/** What a download route set before it failed would mislabel the error: it is JSON, not the file. */
function forgetDownload(res: Parameters<ErrorRequestHandler>[2]) {
  if (res.headersSent) return;
  res.removeHeader('Content-Disposition');
  res.removeHeader('Content-Type');
}

export function errorMiddleware(log: { error: (obj: unknown, msg: string) => void }): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    // a full disk (SQLSTATE 53100 from either database, ENOSPC from a scratch file) is the operator's to fix: 507
    const known = err instanceof AppError ? err : (fromHttpError(err) ?? (isDiskFull(err) ? diskFull() : undefined));
    if (known) {
      forgetDownload(res);
      res.status(known.status).json(errorBody(known));
      return;
    }
    log.error({ err }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    forgetDownload(res);
    res
      .status(500)
      .json(errorBody(new AppError(500, 'INTERNAL', { zh: '服务器内部错误', en: 'Internal server error' })));
  };
}

export const notFoundRoute: RequestHandler = (req, _res, next) =>
  next(new AppError(404, 'NOT_FOUND', { zh: `没有此接口：${req.path}`, en: `No such endpoint: ${req.path}` }));

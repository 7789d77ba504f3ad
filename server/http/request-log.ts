/**
 * The request log: one line per finished request (at the level `levelOf` picks), and `req.log`, a
 * logger whose every line carries the request (id, method, url, query, params, headers with the
 * credentials redacted, remote address and port). The lines are pino-http 11's, field for field:
 * `{ req, res, responseTime }` "request completed" (or "request aborted"), `{ req, res, err,
 * responseTime }` "request errored".
 *
 * What differs is when the work is done. pino binds a value to a child logger by serializing it at
 * once (the request object, the redaction of its headers, JSON), and pino-http made that child for
 * every request, although most requests log nothing: a 2xx is logged at debug, below the default
 * level. Under load that was a third of a site check's CPU (GET /api/check at 10 connections). Here
 * the request is captured as the serializer sees it when it arrives (a small object, as pino-http's
 * child held it) and the child logger is made from it on the first line written, if any.
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import { type Level, type Logger, type LoggerOptions, pino } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    /** This request's number in the log (`req.id` of its lines). */
    id?: number;
    /** A logger whose lines carry this request (made on first use). */
    log: Logger;
  }
  interface ServerResponse {
    /** The request's logger, as `req.log`. */
    log: Logger;
  }
}

export interface RequestLogOptions {
  /** Paths to censor in every line, e.g. the request's authorization header. */
  redact: NonNullable<LoggerOptions['redact']>;
  /** The level of a finished request's line; below the logger's level nothing is made or written. */
  levelOf: (req: Request, res: Response, err?: Error) => Level;
}

const { req: reqSerializer, res: resSerializer, err: errSerializer } = pino.stdSerializers;

/** The request as the serializer saw it on arrival, and its logger once made. */
interface Captured {
  view: ReturnType<typeof reqSerializer>;
  logger?: Logger;
}

const CAPTURED = Symbol('requestLog');
/** Marks a captured view (a symbol: JSON and the redaction leave it out). */
const VIEW = Symbol('requestView');
type Logged = Request & { [CAPTURED]?: Captured };

/**
 * Installs the request log on `app`: `req.log` and `res.log` on its request and response
 * prototypes (one definition, not one per request), and the middleware that captures each request
 * and writes its line when it ends. Use it first, before anything that may log.
 */
export function installRequestLog(app: Express, logger: Logger, { redact, levelOf }: RequestLogOptions): void {
  // a captured view passes as it is (it is what the serializer made of the request on arrival)
  const base = logger.child({}, { redact, serializers: { req: (r) => (r?.[VIEW] ? r : reqSerializer(r)), res: resSerializer, err: errSerializer } });
  const logOf = (req: Logged): Logger => {
    const c = req[CAPTURED];
    if (!c) return base; // a request that never passed the middleware (none in this app)
    c.logger ??= base.child({ req: c.view });
    return c.logger;
  };
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get: function (this: Logged) {
      return logOf(this);
    },
  });
  Object.defineProperty(app.response, 'log', {
    configurable: true,
    get: function (this: Response) {
      return logOf(this.req);
    },
  });

  let lastId = 0;
  const middleware: RequestHandler = (req: Logged, res, next) => {
    // pino-http's ids: a counter per app, wrapping at 2^31
    req.id ||= lastId = (lastId + 1) & 0x7fffffff;
    const view = reqSerializer(req);
    (view as { [VIEW]?: true })[VIEW] = true;
    req[CAPTURED] = { view };
    const started = Date.now();
    const finished = (err?: Error) => {
      res.removeListener('close', finished);
      res.removeListener('finish', finished);
      res.removeListener('error', finished);
      const failed = err ?? (res.statusCode >= 500 ? new Error(`failed with status code ${res.statusCode}`) : undefined);
      const level = levelOf(req, res, err);
      if (!base.isLevelEnabled(level)) return;
      const responseTime = Date.now() - started;
      if (failed) logOf(req)[level]({ res, err: failed, responseTime }, 'request errored');
      else logOf(req)[level]({ res, responseTime }, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
    };
    res.on('close', finished);
    res.on('finish', finished);
    res.on('error', finished);
    next();
  };
  app.use(middleware);
}

/**
 * The HTTP server of an Express app, with the app's request and response prototypes from the start.
 *
 * Express 5 gives each request and response its prototypes on arrival, with
 * `Object.setPrototypeOf(req, app.request)` (express/lib/application.js, `handle`). V8 gives an
 * object whose prototype was changed a hidden class of its own, and every property set on it
 * afterwards (Express's and the router's req.next, req.baseUrl, req.params, res.locals…, the
 * middlewares' own) makes another new class for that one object. So no two requests share a
 * class: every property access on req and res, in Node, Express and every middleware, misses its
 * inline cache and takes V8's slow lookup, and every property added copies the object to a new
 * class. Under load that was about a fifth of the instructions of a site check (GET /api/check).
 *
 * Here Node builds them from constructors whose prototypes already are app.request and
 * app.response (http.createServer's IncomingMessage and ServerResponse options): Express's
 * setPrototypeOf then changes nothing, and requests share their classes. (V8 keeps these objects,
 * with their many properties, in dictionary mode; they share one class from V8's cache of such
 * classes, which a full GC empties and the next request refills.) Everything else is as Express's
 * own app.listen: the same handler, the same prototypes.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/** Node's constructors called as the plain functions they are (they initialise `this`). */
const initRequest = http.IncomingMessage as unknown as (this: http.IncomingMessage, socket: Socket) => void;
const initResponse = http.ServerResponse as unknown as (this: http.ServerResponse, req: http.IncomingMessage, options?: object) => void;

/** A server for `app` whose requests and responses are made with the app's prototypes. */
export function appServer(app: Express): http.Server {
  function AppRequest(this: http.IncomingMessage, socket: Socket) {
    initRequest.call(this, socket);
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: object) {
    initResponse.call(this, req, options);
  }
  AppResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: AppRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: AppResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}

/**
 * Makes `app.listen` start an appServer: Express's listen otherwise (a callback given last is
 * called once, on listening or on the first error).
 */
export function listenWithAppServer(app: Express): void {
  app.listen = ((...args: unknown[]) => {
    const server = appServer(app);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      let called = false;
      const done = (...a: unknown[]) => {
        if (called) return;
        called = true;
        (last as (...a: unknown[]) => void)(...a);
      };
      args[args.length - 1] = done;
      server.once('error', done);
    }
    return server.listen(...(args as Parameters<http.Server['listen']>));
  }) as Express['listen'];
}

/**
 * Access control for the whole app, in three layers:
 *  1. `authenticate`: a bearer API token or the session cookie → the request's Principal (or none).
 *     A bearer token that does not check out is a 401 at once, so scripts learn it; a stale cookie
 *     just means "not signed in".
 *  2. `accessGate`: writes (POST/PUT/PATCH/DELETE) need a signed-in user, whatever the route, so a
 *     write route that forgets its own check still is not anonymous; cookie-authenticated writes
 *     must also pass the CSRF check. Reads need one only with READ_REQUIRES_LOGIN.
 *  3. per route: `requireUser`, `requireAdmin`, `requireLayerWriter` (401 before 403).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../../db/db.ts';
import { csrfRejected, forbidden, invalidToken, unauthenticated } from './auth.errors.ts';
import { principalFromApiToken, principalFromSession, type SessionOptions } from './auth.service.ts';
import { canWriteLayer, type Principal } from './auth.types.ts';
import { readSessionCookie } from './session-cookie.ts';

const principals = new WeakMap<Request, Principal>();

/** The signed-in user of this request, if any. */
export const principalOf = (req: Request): Principal | undefined => principals.get(req);

export function authenticate(db: Db, opts: SessionOptions): RequestHandler {
  return async (req, res, next) => {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      const p = m ? await principalFromApiToken(db, m[1]!) : undefined;
      if (!p) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="pingcheng", error="invalid_token"');
        throw invalidToken();
      }
      principals.set(req, p);
      return next();
    }
    const session = readSessionCookie(req);
    const p = session ? await principalFromSession(db, session, opts) : undefined;
    if (p) principals.set(req, p);
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Endpoints anyone may call: signing in, and asking who one is (answers "nobody"). */
const PUBLIC_PATHS = new Set(['/api/auth/login', '/api/auth/logout', '/api/auth/me']);
const isPublic = (path: string) => PUBLIC_PATHS.has(path.toLowerCase().replace(/\/+$/, ''));

/**
 * POSTs that only read (the request body is the question, e.g. a site list to screen): gated like
 * reads, so anonymous users may call them when reads are public. They write nothing, so a forged
 * cross-site request gains nothing and no CSRF check applies.
 */
export const READ_POSTS: ReadonlySet<string> = new Set(['/api/check/batch']);
const isReadPost = (req: Request) => req.method === 'POST' && READ_POSTS.has(req.path.toLowerCase().replace(/\/+$/, ''));

/**
 * Reads that READ_REQUIRES_LOGIN protects: the data and the served basemaps (the bureau's file, the
 * Tianditu proxy spending our key), not the app shell or the offline basemap under /data.
 * Case-insensitive like Express' routing, so /API/layers cannot slip past.
 */
const DATA_PATHS = /^\/(api|ogc|tiles|basemap)(\/|$)/i;

/**
 * CSRF defence for requests that ride on the cookie. SameSite=Lax already keeps the cookie off
 * cross-site POSTs; on top, a cookie write must carry `X-Requested-With` (a header no HTML form can
 * send, and one that makes a cross-site fetch need a CORS preflight we never grant), and if the
 * browser says where the request comes from (Origin, Sec-Fetch-Site), it must be this site.
 */
function csrfProblem(req: Request): string | undefined {
  if (!req.headers['x-requested-with']) return 'missing X-Requested-With header';
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'cross-site request';
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (!host || host !== req.host) return `origin ${origin.slice(0, 100)} is not this site`;
  }
  return undefined;
}

export function accessGate(opts: { readRequiresLogin: boolean }): RequestHandler {
  return (req, _res, next) => {
    const p = principalOf(req);
    if (SAFE_METHODS.has(req.method) || isReadPost(req)) {
      if (opts.readRequiresLogin && !p && DATA_PATHS.test(req.path) && !isPublic(req.path)) throw unauthenticated();
      return next();
    }
    if (!p && !isPublic(req.path)) throw unauthenticated();
    // bearer-token requests carry no ambient credential: nothing for a forged request to ride on
    if (p?.via !== 'token') {
      const problem = csrfProblem(req);
      if (problem) throw csrfRejected(problem);
    }
    next();
  };
}

export const requireUser: RequestHandler = (req, _res, next) => {
  if (!principalOf(req)) throw unauthenticated();
  next();
};

export const requireAdmin: RequestHandler = (req, _res, next) => {
  const p = principalOf(req);
  if (!p) throw unauthenticated();
  if (p.role !== 'admin') throw forbidden({ zh: '需要管理员权限', en: 'admin rights required' });
  next();
};

/** The principal, or a 401. For handlers behind requireUser that need the value. */
export function signedIn(req: Request): Principal {
  const p = principalOf(req);
  if (!p) throw unauthenticated();
  return p;
}

/** Throws 401/403 unless the request's user may write `layerId`. */
export function assertCanWriteLayer(req: Request, layerId: string): Principal {
  const p = signedIn(req);
  if (!canWriteLayer(p, layerId)) throw forbidden({ zh: `没有编辑图层 ${layerId} 的权限`, en: `you may not edit layer ${layerId}` });
  return p;
}

/**
 * Route middleware for writes to one layer (edits, imports): `layerOf` picks the layer id from the
 * request, e.g. `requireLayerWriter((req) => req.params.id)`. Unknown layer ids fail the same way
 * as layers one may not edit; the route's own lookup still answers 404 for admins.
 */
export function requireLayerWriter(layerOf: (req: Request) => string | undefined): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    assertCanWriteLayer(req, layerOf(req) ?? '');
    next();
  };
}

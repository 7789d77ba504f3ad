/**
 * createApp wires the HTTP surface onto a database. It does not listen, so tests drive it with
 * supertest and the e2e suite with a real socket from the same function.
 */
import { existsSync } from 'node:fs';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { configSchema, type Config } from './config.ts';
import { heavyDb } from './db/budget.ts';
import type { Db } from './db/db.ts';
import { errorMiddleware, notFoundRoute } from './http/error.middleware.ts';
import { HEAVY_DEFAULTS, HeavyResponseCap, heavyCapMiddleware } from './http/heavy-cap.ts';
import { listenWithAppServer } from './http/app-server.ts';
import { jsonBodyGuard, queryTextGuard } from './http/input-guard.ts';
import { installRequestLog } from './http/request-log.ts';
import { accessGate, authenticate, requireLayerWriter } from './features/auth/auth.middleware.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { usersRoutes } from './features/auth/users.routes.ts';
import { editRoutes } from './features/edit/edit.routes.ts';
import { historyRoutes } from './features/history/history.routes.ts';
import { join } from 'node:path';
import { batchRoutes } from './features/batch/batch.routes.ts';
import { reportsRoutes } from './features/reports/reports.routes.ts';
import { basemapOrigins, BasemapSources } from './features/basemaps/basemaps.service.ts';
import { TiandituProxy } from './features/basemaps/tianditu.ts';
import { TileDiskCache } from './features/basemaps/tile-cache.ts';
import { basemapsRoutes } from './features/basemaps/basemaps.routes.ts';
import { casesRoutes } from './features/cases/cases.routes.ts';
import { casesCollection } from './features/cases/cases.ogc.ts';
import { checkRoutes } from './features/check/check.routes.ts';
import { coverageRoutes } from './features/coverage/coverage.routes.ts';
import { ioRoutes } from './features/io/io.routes.ts';
import { layersRoutes } from './features/layers/layers.routes.ts';
import { ogcRoutes } from './features/ogc/ogc.routes.ts';
import { openapiRoutes } from './features/openapi/openapi.routes.ts';
import { rulesRoutes } from './features/rules/rules.routes.ts';
import { searchRoutes } from './features/search/search.routes.ts';
import { statsRoutes } from './features/stats/stats.routes.ts';
import { tilesRoutes } from './features/tiles/tiles.routes.ts';
import { PATHS } from './paths.ts';

type AccessKeys =
  | 'READ_REQUIRES_LOGIN'
  | 'SESSION_TTL_HOURS'
  | 'COOKIE_SECURE'
  | 'TRUST_PROXY'
  | 'LOGIN_RATE_LIMIT'
  | 'JSON_BODY_LIMIT_MB'
  | 'CASES_PUBLIC'
  | 'HEAVY_RESPONSES_MAX'
  | 'WRITE_TIMEOUT_SECONDS';
type BasemapKeys = 'TIANDITU_URL' | 'CACHE_DIR' | 'DATA_DIR' | 'TILE_CACHE_MB' | 'BASEMAP_FILE' | 'BASEMAP_STYLE';

export interface AppDeps {
  db: Db;
  /** Access keys left out take their documented defaults (tests pass only what they vary). */
  config: Pick<Config, 'TIANDITU_KEY' | 'BASEMAP_URL'> & Partial<Pick<Config, AccessKeys | BasemapKeys>>;
  logger: Logger;
  /** The cap on concurrent heavy responses; default: one made from HEAVY_RESPONSES_MAX and WRITE_TIMEOUT_SECONDS (tests pass theirs to watch it). */
  heavyCap?: HeavyResponseCap;
  /**
   * The sign-in limit's counters are in the database, shared by every app on it. Tests that build
   * several apps over one database, each with its own limit, give each its own scope.
   */
  loginLimitScope?: string;
  /** The built client to serve; default dist/client. The browser tests serve their hooked build (PATHS.clientDistTest). */
  clientDist?: string;
}

const DEFAULTS = configSchema.parse({});

/** Credentials never reach the log: session cookies and bearer tokens are replaced by a mark. */
const SECRET_HEADERS = { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' };

/** Files outside assets/ (index.html) keep no fixed name-to-content tie: always revalidated. */
const noCache = (res: express.Response) => res.setHeader('Cache-Control', 'no-cache');

export function createApp({ db, config, logger, heavyCap, loginLimitScope, clientDist = PATHS.clientDist }: AppDeps): express.Express {
  const app = express();
  // its server builds requests and responses with the app's prototypes (app-server.ts: otherwise
  // Express re-parents each one, and V8 gives each its own hidden classes)
  listenWithAppServer(app);
  const access = { ...DEFAULTS, ...config };
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // behind a reverse proxy: the client's IP (login rate limit) and https (Secure cookie) come from it
  app.set('trust proxy', access.TRUST_PROXY);
  const online = basemapOrigins({ basemapUrl: config.BASEMAP_URL });
  const tianditu = config.TIANDITU_KEY
    ? new TiandituProxy({
        key: config.TIANDITU_KEY,
        urlTemplate: access.TIANDITU_URL,
        cache: new TileDiskCache(access.CACHE_DIR ?? join(access.DATA_DIR, 'tile-cache'), access.TILE_CACHE_MB * 1024 * 1024),
      })
    : undefined;
  const basemapSources = new BasemapSources({ basemapFile: config.BASEMAP_FILE, basemapStyle: config.BASEMAP_STYLE, basemapUrl: config.BASEMAP_URL, tianditu });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          // MapLibre runs its workers from blob: URLs and decodes images into blob:/data: URLs
          'worker-src': ["'self'", 'blob:'],
          'child-src': ["'self'", 'blob:'],
          'img-src': ["'self'", 'data:', 'blob:', ...online],
          'connect-src': ["'self'", ...online],
          'style-src': ["'self'", "'unsafe-inline'"],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  installRequestLog(app, logger, { redact: SECRET_HEADERS, levelOf: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'debug') });

  // no NUL or lone surrogate in the path or query string, whatever the route (a coded 400, not a database error)
  app.use(queryTextGuard);
  // JSON bodies (edits, sign-in) up to the configured size, depth and storable text; uploads are multipart and limited by io
  app.use(express.json({ limit: Math.round(access.JSON_BODY_LIMIT_MB * 1024 * 1024), type: ['application/json', 'application/*+json'] }));
  app.use(jsonBodyGuard);
  // large answers: one cap on how many stream at once, and a write timeout for clients that stop reading
  app.use(
    heavyCapMiddleware(
      heavyCap ??
        new HeavyResponseCap({
          max: access.HEAVY_RESPONSES_MAX,
          retryAfterSeconds: HEAVY_DEFAULTS.retryAfterSeconds,
          writeTimeoutMs: access.WRITE_TIMEOUT_SECONDS * 1000,
        }),
    ),
  );

  // who is asking, then the gate every write (and with READ_REQUIRES_LOGIN every data read) passes
  app.use(authenticate(db, { ttlSeconds: access.SESSION_TTL_HOURS * 3600 }));
  app.use(accessGate({ readRequiresLogin: access.READ_REQUIRES_LOGIN }));
  // the site check first of the routes: it is the app's most frequent request, and every router it
  // passed before (auth, users, layers, io, batch: none answers GET /api/check) cost it a walk of
  // their routes and their allocations, a tenth of its CPU under load
  app.use(checkRoutes(db));
  app.use(
    authRoutes(db, {
      sessionTtlSeconds: access.SESSION_TTL_HOURS * 3600,
      cookieSecure: access.COOKIE_SECURE,
      loginRateLimit: access.LOGIN_RATE_LIMIT,
      readRequiresLogin: access.READ_REQUIRES_LOGIN,
      loginLimitScope,
    }),
  );
  app.use(usersRoutes(db));
  // imports write a layer: its editors and admins only
  app.post(
    '/api/layers/:id/import',
    requireLayerWriter((req) => String(req.params.id)),
  );

  app.use(layersRoutes(db));
  // coverage, violation scans and exports share one connection budget, half the pool (db/budget.ts)
  const heavy = heavyDb(db);
  app.use(ioRoutes(db, { heavy }));
  app.use(batchRoutes(db));
  app.use(searchRoutes(db));
  app.use(basemapsRoutes(db, basemapSources));
  // the ledger's read-only OGC collection is listed (and served) only to those who may read cases
  const caseAccess = { casesPublic: access.CASES_PUBLIC };
  app.use(casesRoutes(db, caseAccess));
  app.use(ogcRoutes(db, { extraCollections: [casesCollection(db, caseAccess)] }));
  app.use(openapiRoutes());
  app.use(editRoutes(db));
  app.use(historyRoutes(db));
  app.use(tilesRoutes(db));
  app.use(rulesRoutes(db, heavy));
  app.use(coverageRoutes(db));
  app.use(statsRoutes(db));
  app.use(reportsRoutes(db));

  app.use('/data', express.static(PATHS.data, { maxAge: '1h', fallthrough: false }));
  if (existsSync(clientDist)) {
    // Only the client's files are compressed (brotli or gzip, text types): the API's streams and
    // progress events are registered above and never pass through here, so nothing buffers them.
    app.use(compression());
    // Vite names every built asset by its content hash: a changed file gets a new name, so the
    // browser may keep one for a year; index.html names the current ones and is revalidated each time.
    app.use('/assets', express.static(join(clientDist, 'assets'), { immutable: true, maxAge: '365d' }), notFoundRoute);
    app.use(express.static(clientDist, { index: 'index.html', cacheControl: false, setHeaders: noCache }));
    // Client-side routes fall back to the app shell; API paths fall through to the JSON 404 below.
    app.get(/^\/(?!api\/|ogc|tiles\/|data\/|basemap\/).*/, (_req, res) =>
      res.sendFile(`${clientDist}/index.html`, { cacheControl: false, headers: { 'Cache-Control': 'no-cache' } }),
    );
  }

  app.use('/api', notFoundRoute);
  app.use(notFoundRoute);
  app.use(errorMiddleware(logger));
  return app;
}

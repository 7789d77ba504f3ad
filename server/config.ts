/**
 * The only reader of process.env. Every key the server understands is declared here once,
 * with its default and a one-line meaning; the README's configuration table mirrors this list.
 */
import { z } from 'zod';
import { DEFAULT_TIANDITU_URL } from './features/basemaps/tianditu.ts';
import { HEAVY_DEFAULTS } from './http/heavy-cap.ts';

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Embedded PGlite data directory; ignored when DATABASE_URL is set. */
  DATA_DIR: z.string().min(1).default('./.data'),
  /** postgres://… of a PostGIS server; unset = embedded PGlite + PostGIS. */
  DATABASE_URL: z.string().url().optional(),
  /** Connections to the PostGIS server; unset = 10, or twice this machine's cores when the server runs on this machine (db/pool-size.ts). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  /** Load the illustrative demo dataset when the database holds no features yet. */
  SEED_DEMO: booleanFlag.default(true),
  /** Request lines are logged at debug; readable lines on a terminal, JSON otherwise (logger.ts). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Optional Tianditu key (a server-side 服务端 key): enables the Tianditu basemaps, proxied by this server; the browser never sees it. */
  TIANDITU_KEY: z.string().optional(),
  /** Tianditu tile template the proxy fetches: {s} host 0–7, {layer}, {z}, {x}, {y}, {key}. */
  TIANDITU_URL: z.string().url().default(DEFAULT_TIANDITU_URL),
  /** Where proxied basemap tiles are cached; unset = DATA_DIR/tile-cache (set it when DATABASE_URL is used). */
  CACHE_DIR: z.string().min(1).optional(),
  /** Size limit of that tile cache in megabytes; past it the least recently used tiles are removed. */
  TILE_CACHE_MB: z.coerce.number().min(1).max(1_000_000).default(512),
  /** Optional offline basemap: a PMTiles v3 file (raster, or vector with BASEMAP_STYLE) served by this app. */
  BASEMAP_FILE: z.string().min(1).optional(),
  /** MapLibre style (JSON file) drawing a vector BASEMAP_FILE; its vector sources are pointed at the file. */
  BASEMAP_STYLE: z.string().min(1).optional(),
  /** Optional online basemap: an XYZ raster template ({z}/{x}/{y}) or a MapLibre style URL. */
  BASEMAP_URL: z.string().url().optional(),
  NODE_ENV: z.string().default('production'),

  // --- accounts and access (features/auth) ---
  /** true = every read (API, OGC, tiles) needs a signed-in user; false = anyone may read, writes need login. */
  READ_REQUIRES_LOGIN: booleanFlag.default(false),
  /** User name of the admin created on first start when the database has no users. */
  ADMIN_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{2,64}$/)
    .default('admin'),
  /** Password of that first admin; unset = a random one, printed once to stdout. Ignored once users exist (the start-up log says so). */
  ADMIN_PASSWORD: z.string().min(10).max(200).optional(),
  /** How long a sign-in (session cookie) lasts without activity, in hours. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 90)
    .default(12),
  /** Session cookie `Secure` flag: auto = when the request arrived over https (see TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Express `trust proxy`: false, true, a hop count or a list of subnets (e.g. loopback). Needed for https and client IPs behind a reverse proxy. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /** Failed sign-ins allowed per client IP in 15 minutes (each account separately gets twice that) before 429. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10000).default(10),
  /** Largest JSON request body (edits, restores), in megabytes; uploads have their own limit. */
  JSON_BODY_LIMIT_MB: z.coerce.number().min(0.01).max(100).default(10),
  /** true = anonymous visitors may read the enforcement ledger (cases name businesses and inspectors). */
  CASES_PUBLIC: booleanFlag.default(false),

  // --- large answers (server/http/heavy-cap.ts, server/http/stream.ts) ---
  /** Heavy responses (answers over 1 MB: exports, large pages, whole layers) in flight at once; beyond it 429 with Retry-After. */
  HEAVY_RESPONSES_MAX: z.coerce.number().int().min(1).max(10000).default(HEAVY_DEFAULTS.max),
  /** A streamed response whose client takes nothing for this long is cut and its resources freed. */
  WRITE_TIMEOUT_SECONDS: z.coerce
    .number()
    .min(0.1)
    .max(3600)
    .default(HEAVY_DEFAULTS.writeTimeoutMs / 1000),
});

export type Config = z.infer<typeof configSchema>;

/** Keys we read; anything else that looks like ours is reported so typos do not pass silently. */
// (not HOST: shells set HOSTNAME)
const OUR_PREFIXES = [
  'PORT',
  'DATA_',
  'DATABASE',
  'DB_',
  'SEED',
  'LOG_',
  'TIANDITU',
  'BASEMAP',
  'READ_',
  'ADMIN_',
  'SESSION',
  'COOKIE',
  'TRUST_',
  'LOGIN',
  'JSON_',
  'CASES',
  'CACHE_',
  'TILE_',
  'HEAVY_',
  'WRITE_',
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): { config: Config; unknownKeys: string[] } {
  const known = new Set(Object.keys(configSchema.shape));
  const picked: Record<string, string> = {};
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    if (known.has(key)) picked[key] = value;
    else if (OUR_PREFIXES.some((p) => key.startsWith(p)) && key !== 'TEST_DATABASE_URL') unknownKeys.push(key);
  }
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { config: parsed.data, unknownKeys };
}

/**
 * Start-up: loadConfig → sweep import scratch dirs left by a crash → openDb → migrate → seed demo on first run → createApp → listen.
 * The embedded database takes ~20 s to create the first time: every step says what it is doing.
 */
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openDb } from './db/open.ts';
import { defaultPoolSize } from './db/pool-size.ts';
import { ensureFirstAdmin } from './features/auth/users.service.ts';
import { sweepScratchDirs } from './features/io/scratch.ts';
import { seedDemoIfEmpty } from './features/seed/seed.service.ts';
import { announceFirstAdmin, createLogger } from './logger.ts';
import { PATHS } from './paths.ts';

async function main() {
  const { config, unknownKeys } = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, { pretty: !!process.stdout.isTTY });
  const say = (msg: string) => logger.info(msg);
  for (const key of unknownKeys) logger.warn(`unknown configuration key ${key} ignored (see README, Configuration)`);

  const swept = await sweepScratchDirs();
  if (swept.length) say(`removed ${swept.length} scratch director${swept.length === 1 ? 'y' : 'ies'} of imports or exports interrupted by an earlier crash`);

  const started = Date.now();
  const where = config.DATABASE_URL
    ? `PostGIS server (${new URL(config.DATABASE_URL).host}, ${config.DB_POOL_SIZE ?? defaultPoolSize(config.DATABASE_URL)} connections)`
    : `embedded PGlite + PostGIS in ${config.DATA_DIR}`;
  say(`opening database: ${where}${config.DATABASE_URL ? '' : ' — the first start takes about 20 s, later ones about 5 s'}`);
  const ticker = setInterval(() => say(`…still opening the database (${Math.round((Date.now() - started) / 1000)} s)`), 5000);
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE }).finally(() => clearInterval(ticker));
  say(`database ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const applied = await migrate(db, say);
  say(applied.length ? `applied ${applied.length} migration(s)` : 'schema up to date');
  if (config.SEED_DEMO) {
    const n = await seedDemoIfEmpty(db, PATHS.demoSeeds);
    if (n) say(`loaded ${n} illustrative demo features (示意数据，非官方)`);
  }

  const admin = await ensureFirstAdmin(db, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD });
  announceFirstAdmin(logger, admin, { passwordSet: !!config.ADMIN_PASSWORD });

  const app = createApp({ db, config, logger });
  const server = app.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
    const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
    say(`Pingcheng air-quality map ready at http://${host}:${port}/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });

  const shutdown = (signal: string) => {
    say(`${signal}: shutting down`);
    server.close(() => void db.close().finally(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

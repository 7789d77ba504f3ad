/**
 * Brute-force brakes on POST /api/auth/login. Only failed sign-ins count (successes are refunded).
 * Two windows of 15 minutes: per client IP (`perIp` failures), and per account name (2 × perIp, from
 * any IP, so a botnet guessing one user's password is slowed too, while one person mistyping cannot
 * lock a colleague out for long). The counters live in the database (login_attempts), so every
 * app process on one database counts the same failures, and a restart forgets none of them.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitExceededEventHandler, type Store } from 'express-rate-limit';
import type { Db } from '../../db/db.ts';
import { tooManyAttempts } from './auth.errors.ts';
import { decrementLoginAttempts, deleteEndedLoginWindows, incrementLoginAttempts, resetLoginAttempts } from './auth.repo.ts';
import { canonicalUsername } from './username.ts';

const WINDOW_MS = 15 * 60 * 1000;

const refuse: RateLimitExceededEventHandler = (_req, res, next) => {
  res.setHeader('Retry-After', String(WINDOW_MS / 1000));
  next(tooManyAttempts(WINDOW_MS / 1000));
};

/**
 * express-rate-limit's store over the login_attempts table: a fixed window per key, counted by one
 * upsert, so two processes incrementing at once both count. `scope` prefixes the keys: apps over one
 * database with different limits (tests) count apart; servers sharing a database pass the same one.
 */
function databaseStore(db: Db, scope: string): Store {
  let windowMs = WINDOW_MS;
  let sinceSweep = 0;
  const k = (key: string) => `${scope}${key}`;
  return {
    localKeys: false,
    init(options) {
      windowMs = options.windowMs;
    },
    async increment(key) {
      // ended windows are kept until a sweep, now and then, so the table stays the size of the attack
      if (++sinceSweep >= 100) {
        sinceSweep = 0;
        await deleteEndedLoginWindows(db);
      }
      const row = await incrementLoginAttempts(db, k(key), windowMs);
      return { totalHits: row.hits, resetTime: new Date(row.reset_at) };
    },
    decrement: (key) => decrementLoginAttempts(db, k(key)),
    resetKey: (key) => resetLoginAttempts(db, k(key)),
  };
}

export function loginRateLimit(db: Db, perIp: number, scope = ''): RequestHandler[] {
  const common = {
    windowMs: WINDOW_MS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    handler: refuse,
  };
  const byIp = rateLimit({ ...common, store: databaseStore(db, scope), limit: perIp, keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? '')}` });
  const byAccount = rateLimit({
    ...common,
    store: databaseStore(db, scope),
    limit: perIp * 2,
    keyGenerator: (req) => {
      // the account the sign-in would reach (username.ts); a name no account can have shares one key
      const name = (req.body as { username?: unknown } | undefined)?.username;
      return `user:${(typeof name === 'string' ? canonicalUsername(name) : undefined) ?? '(no such account)'}`;
    },
  });
  return [byIp, byAccount];
}

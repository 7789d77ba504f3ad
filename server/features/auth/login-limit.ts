/**
 * Brute-force brakes on POST /api/auth/login. Only failed sign-ins count (successes are refunded).
 * Two windows of 15 minutes: per client IP (`perIp` failures), and per account name (2 × perIp, from
 * any IP, so a botnet guessing one user's password is slowed too, while one person mistyping cannot
 * lock a colleague out for long). In memory: per server process, reset on restart.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitExceededEventHandler } from 'express-rate-limit';
import { tooManyAttempts } from './auth.errors.ts';
import { canonicalUsername } from './username.ts';

const WINDOW_MS = 15 * 60 * 1000;

const refuse: RateLimitExceededEventHandler = (_req, res, next) => {
  res.setHeader('Retry-After', String(WINDOW_MS / 1000));
  next(tooManyAttempts(WINDOW_MS / 1000));
};

export function loginRateLimit(perIp: number): RequestHandler[] {
  const common = {
    windowMs: WINDOW_MS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    handler: refuse,
  };
  const byIp = rateLimit({ ...common, limit: perIp, keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? '')}` });
  const byAccount = rateLimit({
    ...common,
    limit: perIp * 2,
    keyGenerator: (req) => {
      // the account the sign-in would reach (username.ts); a name no account can have shares one key
      const name = (req.body as { username?: unknown } | undefined)?.username;
      return `user:${(typeof name === 'string' ? canonicalUsername(name) : undefined) ?? '(no such account)'}`;
    },
  });
  return [byIp, byAccount];
}

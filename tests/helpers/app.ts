import { randomBytes } from 'node:crypto';
import express from 'express';
import { pino } from 'pino';
import { createApp, type AppDeps } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { insertApiToken } from '../../server/features/auth/auth.repo.ts';
import { hashSecret, newApiToken } from '../../server/features/auth/secrets.ts';
import { createUser } from '../../server/features/auth/users.service.ts';

export interface TestAppOptions {
  /**
   * Who a request without credentials is. 'admin' (default): suites about other features send
   * anonymous requests and get a real admin API token added on the way in — real authentication,
   * nothing bypassed. 'anonymous': requests go in as sent (the auth, edit and history suites).
   */
  actAs?: 'admin' | 'anonymous';
  /** The built client to serve (the browser tests pass their hooked build). */
  clientDist?: string;
}

const adminTokens = new WeakMap<Db, Promise<string>>();

/**
 * One admin account + API token per Db object, made on first use. The name is random: wrappers
 * around one database (e.g. a Db that fails on purpose) are different objects over the same tables.
 */
export function testAdminToken(db: Db): Promise<string> {
  let token = adminTokens.get(db);
  if (!token) {
    token = (async () => {
      const username = `test-admin-${randomBytes(4).toString('hex')}`;
      const user = await createUser(db, { username, password: 'test-admin-password', role: 'admin' });
      const secret = newApiToken();
      await insertApiToken(db, { userId: user.id, name: 'test suite', tokenHash: hashSecret(secret), prefix: secret.slice(0, 10) });
      return secret;
    })();
    adminTokens.set(db, token);
  }
  return token;
}

/**
 * The real Express app over a test database, silent. Each app counts failed sign-ins apart (its own
 * limiter scope), as the suites expect of an app built with its own LOGIN_RATE_LIMIT; servers on
 * one database share the counters (tests/reliability/two-processes.test.ts).
 */
export function testApp(db: Db, config: AppDeps['config'] = {}, opts: TestAppOptions = {}) {
  const app = createApp({
    db,
    config,
    logger: pino({ level: 'silent' }),
    loginLimitScope: `app-${randomBytes(4).toString('hex')}:`,
    ...(opts.clientDist ? { clientDist: opts.clientDist } : {}),
  });
  if (opts.actAs === 'anonymous') return app;
  const outer = express();
  outer.disable('x-powered-by');
  outer.use(async (req, _res, next) => {
    if (!req.headers.authorization && !req.headers.cookie) req.headers.authorization = `Bearer ${await testAdminToken(db)}`;
    next();
  });
  outer.use(app);
  return outer;
}

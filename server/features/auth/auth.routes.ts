/**
 * Sign-in and a user's own credentials.
 *   POST   /api/auth/login     {username, password} → 200 {user} + session cookie; 401; 429
 *   POST   /api/auth/logout    → 204, cookie cleared
 *   GET    /api/auth/me        → {user | null, via, readRequiresLogin}
 *   POST   /api/auth/password  {currentPassword, newPassword} → 204 (other sessions end)
 *   GET    /api/auth/tokens[?all=true]   → {tokens}          (all: admins)
 *   POST   /api/auth/tokens    {name, expiresInDays?, userId?} → 201 {…, token} (secret shown once)
 *   DELETE /api/auth/tokens/{id} → 204
 */
import { Router, type Request } from 'express';
import type { Db } from '../../db/db.ts';
import { parseInput } from '../../http/validate.ts';
import { idParam, loginBody, passwordBody, tokenBody, tokenListQuery } from './auth.contract.ts';
import { principalOf, requireUser, signedIn } from './auth.middleware.ts';
import * as auth from './auth.service.ts';
import { editableLayers, type Principal } from './auth.types.ts';
import { loginRateLimit } from './login-limit.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie, type CookieSecure } from './session-cookie.ts';

export interface AuthRouteOptions {
  sessionTtlSeconds: number;
  cookieSecure: CookieSecure;
  loginRateLimit: number;
  readRequiresLogin: boolean;
  /** Prefix of the sign-in limit's counters (login-limit.ts); servers sharing a database share it. */
  loginLimitScope?: string;
}

/** What the UI needs to know about the signed-in user. */
export const meView = (p: Principal) => ({
  id: p.userId,
  username: p.username,
  displayName: p.displayName,
  role: p.role,
  layers: p.layers,
  streets: p.streets,
  editableLayers: editableLayers(p),
});

export function authRoutes(db: Db, opts: AuthRouteOptions): Router {
  const r = Router();
  const session = { ttlSeconds: opts.sessionTtlSeconds };

  r.post('/api/auth/login', ...loginRateLimit(db, opts.loginRateLimit, opts.loginLimitScope), async (req, res) => {
    const body = parseInput(loginBody, req.body, 'body');
    const { token, user } = await auth.login(db, body.username, body.password, session);
    const previous = readSessionCookie(req);
    if (previous) await auth.logout(db, previous); // signing in again replaces the old session
    req.log?.info({ user: user.username }, 'signed in');
    setSessionCookie(res, req, token, opts.cookieSecure);
    const p: Principal = {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      layers: user.layers,
      streets: user.streets,
      via: 'session',
    };
    res.json({ user: meView(p) });
  });

  r.post('/api/auth/logout', async (req, res) => {
    const token = readSessionCookie(req);
    if (token) await auth.logout(db, token);
    clearSessionCookie(res, req, opts.cookieSecure);
    res.status(204).end();
  });

  r.get('/api/auth/me', (req, res) => {
    const p = principalOf(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: p ? meView(p) : null, via: p?.via ?? null, readRequiresLogin: opts.readRequiresLogin });
  });

  r.post('/api/auth/password', requireUser, async (req, res) => {
    const body = parseInput(passwordBody, req.body, 'body');
    await auth.changeOwnPassword(db, signedIn(req), body.currentPassword, body.newPassword, readSessionCookie(req));
    res.status(204).end();
  });

  r.get('/api/auth/tokens', requireUser, async (req, res) => {
    const q = parseInput(tokenListQuery, req.query);
    res.json({ tokens: await auth.listApiTokens(db, signedIn(req), q.all === 'true') });
  });

  r.post('/api/auth/tokens', requireUser, async (req, res) => {
    const body = parseInput(tokenBody, req.body, 'body');
    res.status(201).json(await auth.createApiToken(db, signedIn(req), body));
  });

  r.delete('/api/auth/tokens/:id', requireUser, async (req: Request, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    await auth.revokeApiToken(db, signedIn(req), id);
    res.status(204).end();
  });

  return r;
}

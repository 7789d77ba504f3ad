/**
 * The session cookie: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site
 * POSTs), Path=/, no Max-Age (it ends with the browser; the server enforces the idle timeout), and
 * Secure when the request came over https or the deployment says so.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'pc_session';

export type CookieSecure = 'auto' | 'true' | 'false';

export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parseCookie(header)[SESSION_COOKIE];
  // our tokens are 43 base64url characters: anything else is not ours and not worth a query
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

const secureFor = (req: Request, mode: CookieSecure) => mode === 'true' || (mode === 'auto' && req.secure);

export function setSessionCookie(res: Response, req: Request, token: string, mode: CookieSecure): void {
  res.append('Set-Cookie', stringifySetCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: secureFor(req, mode) }));
}

export function clearSessionCookie(res: Response, req: Request, mode: CookieSecure): void {
  res.append(
    'Set-Cookie',
    stringifySetCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', secure: secureFor(req, mode), maxAge: 0, expires: new Date(0) }),
  );
}

/**
 * Sign-in, sign-out and credential resolution (session cookie or bearer token → Principal), plus
 * each user's own API tokens and password.
 */
import type { Db } from '../../db/db.ts';
import { isDiskFull } from '../../db/disk-space.ts';
import { notFound } from '../../lib/errors.ts';
import { forbidden, invalidCredentials } from './auth.errors.ts';
import * as repo from './auth.repo.ts';
import type { Principal } from './auth.types.ts';
import { burnVerifyTime, hashPassword, verifyPassword } from './passwords.ts';
import { canonicalUsername } from './username.ts';
import { hashSecret, newApiToken, newSessionToken } from './secrets.ts';

export interface SessionOptions {
  ttlSeconds: number;
}

/** Sliding expiry is written at most once a minute per session: reads stay reads. */
const TOUCH_AFTER_S = 60;

const toPrincipal = (row: repo.PrincipalRow, via: Principal['via']): Principal => ({
  userId: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  layers: row.layers,
  streets: row.streets,
  via,
});

export async function login(db: Db, username: string, password: string, opts: SessionOptions) {
  const account = canonicalUsername(username);
  const user = account === undefined ? undefined : await repo.findUserForLogin(db, account);
  const ok = user ? await verifyPassword(user.password_hash, password) : await burnVerifyTime(password);
  if (!user || !ok || user.disabled) throw invalidCredentials();
  const token = newSessionToken();
  await repo.deleteExpiredSessions(db);
  await repo.insertSession(db, hashSecret(token), user.id, opts.ttlSeconds);
  const { password_hash: _hash, ...view } = user;
  return { token, user: view };
}

export async function logout(db: Db, sessionToken: string): Promise<void> {
  await repo.deleteSession(db, hashSecret(sessionToken));
}

/** A full disk must not stop signed-in reads: the last-seen time then just stays where it was. */
const unlessDiskFull = (err: unknown) => {
  if (!isDiskFull(err)) throw err;
};

export async function principalFromSession(db: Db, token: string, opts: SessionOptions): Promise<Principal | undefined> {
  const h = hashSecret(token);
  const row = await repo.userBySession(db, h);
  if (!row) return undefined;
  if ((row.idle_s ?? Infinity) > TOUCH_AFTER_S) await repo.touchSession(db, h, opts.ttlSeconds).catch(unlessDiskFull);
  return toPrincipal(row, 'session');
}

export async function principalFromApiToken(db: Db, token: string): Promise<Principal | undefined> {
  const h = hashSecret(token);
  const row = await repo.userByApiToken(db, h);
  if (!row) return undefined;
  if ((row.idle_s ?? Infinity) > TOUCH_AFTER_S) await repo.touchApiToken(db, h).catch(unlessDiskFull);
  return toPrincipal(row, 'token');
}

export async function changeOwnPassword(db: Db, p: Principal, current: string, next: string, sessionToken?: string) {
  const stored = await repo.passwordHash(db, p.userId);
  if (!stored || !(await verifyPassword(stored, current))) throw invalidCredentials();
  const passwordHash = await hashPassword(next);
  // other browsers signed in as this user are signed out, and every API token is revoked (in the
  // same transaction): a password change is often a reaction to a leak
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, p.userId, { passwordHash });
    await repo.deleteUserSessions(tx, p.userId, sessionToken ? hashSecret(sessionToken) : undefined);
    await repo.deleteUserApiTokens(tx, p.userId);
  });
}

// ---------------------------------------------------------------------------------------------
// API tokens

export const tokenView = (t: repo.TokenRow) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  userId: t.user_id,
  username: t.username,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  expiresAt: t.expires_at,
});

export async function createApiToken(db: Db, p: Principal, input: { name: string; expiresInDays?: number | undefined; userId?: number | undefined }) {
  // A leaked token must not be able to mint fresh ones: tokens are made from a signed-in browser.
  if (p.via !== 'session') throw forbidden({ zh: 'API 令牌只能在登录后的浏览器中创建', en: 'API tokens are created from a signed-in browser session' });
  const ownerId = input.userId ?? p.userId;
  if (ownerId !== p.userId) {
    if (p.role !== 'admin') throw forbidden({ zh: '只能为自己创建令牌', en: 'you can only create tokens for yourself' });
    if (!(await repo.getUser(db, ownerId))) throw notFound({ zh: `用户 ${ownerId}`, en: `user ${ownerId}` });
  }
  const token = newApiToken();
  const row = await repo.insertApiToken(db, {
    userId: ownerId,
    name: input.name,
    tokenHash: hashSecret(token),
    prefix: token.slice(0, 10),
    ...(input.expiresInDays === undefined ? {} : { expiresInDays: input.expiresInDays }),
  });
  return { ...tokenView(row), token };
}

export async function listApiTokens(db: Db, p: Principal, all: boolean) {
  if (all && p.role !== 'admin') throw forbidden({ zh: '只有管理员可查看全部令牌', en: 'only admins list every token' });
  return (await repo.listApiTokens(db, all ? undefined : p.userId)).map(tokenView);
}

export async function revokeApiToken(db: Db, p: Principal, id: number): Promise<void> {
  const ok = await repo.deleteApiToken(db, id, p.role === 'admin' ? undefined : p.userId);
  if (!ok) throw notFound({ zh: `令牌 ${id}`, en: `token ${id}` });
}

/**
 * SQL for accounts: users with their layers, sessions and API tokens. Secrets arrive here already
 * hashed. Rows come back in the shapes the service uses; unique-name clashes become `undefined`.
 */
import type { Queryable } from '../../db/db.ts';
import type { Role } from './auth.types.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  layers: string[];
  /** Street codes whose cases a street-office account sees (empty = not limited). */
  streets: string[];
  created_at: string;
  updated_at: string;
}

const USER_COLUMNS = `
  u.id, u.username, u.display_name, u.role, u.disabled, u.streets,
  u.created_at::text AS created_at, u.updated_at::text AS updated_at,
  COALESCE((SELECT array_agg(ul.layer_id ORDER BY ul.layer_id) FROM user_layers ul WHERE ul.user_id = u.id), '{}') AS layers`;

export function listUsers(db: Queryable) {
  return db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u ORDER BY lower(u.username)`);
}

export async function getUser(db: Queryable, id: number): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return row;
}

/** For sign-in: the hash too. `account` is the canonical name (username.ts): ASCII, lowercased. */
export async function findUserForLogin(db: Queryable, account: string) {
  const [row] = await db.query<UserRow & { password_hash: string }>(`SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE lower(u.username) = $1`, [
    account,
  ]);
  return row;
}

export async function passwordHash(db: Queryable, userId: number): Promise<string | undefined> {
  const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [userId]);
  return row?.password_hash;
}

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return row?.n ?? 0;
}

/**
 * Locks the rows of the enabled admins to the end of the transaction (in id order, so two callers
 * never wait on each other). A change that could remove the last admin takes it before it counts:
 * two admins demoting each other at once then run one after the other, and the second sees the
 * first's change (the rows it re-checks no longer match). Without it both counted one other admin
 * and both went ahead, leaving none (PostGIS server; PGlite runs transactions one at a time).
 */
export async function lockActiveAdmins(db: Queryable): Promise<void> {
  await db.query(`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`);
}

/** Enabled admins other than `exceptId`: the last one may not be demoted, disabled or deleted. */
export async function countOtherActiveAdmins(db: Queryable, exceptId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1`, [exceptId]);
  return row?.n ?? 0;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

/** Returns the new id, or undefined when the name is taken. */
export async function insertUser(db: Queryable, u: NewUser): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id`,
    [u.username, u.displayName, u.role, u.passwordHash],
  );
  return row?.id;
}

/** The first admin, only while the table is empty (two servers starting at once create one). */
export async function insertFirstAdmin(db: Queryable, username: string, hash: string): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO users (username, display_name, role, password_hash)
     SELECT $1, '', 'admin', $2 WHERE NOT EXISTS (SELECT 1 FROM users)
     ON CONFLICT DO NOTHING RETURNING id`,
    [username, hash],
  );
  return rows.length > 0;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

export async function updateUser(db: Queryable, id: number, p: UserPatch): Promise<boolean> {
  const rows = await db.query(
    `UPDATE users SET
       display_name  = COALESCE($2, display_name),
       role          = COALESCE($3, role),
       disabled      = COALESCE($4, disabled),
       password_hash = COALESCE($5, password_hash),
       updated_at    = now()
     WHERE id = $1 RETURNING id`,
    [id, p.displayName ?? null, p.role ?? null, p.disabled ?? null, p.passwordHash ?? null],
  );
  return rows.length > 0;
}

export async function setUserStreets(db: Queryable, userId: number, streets: readonly string[]): Promise<void> {
  await db.query('UPDATE users SET streets = $2::text[] WHERE id = $1', [userId, streets]);
}

export async function setUserLayers(db: Queryable, userId: number, layers: readonly string[]): Promise<void> {
  await db.query('DELETE FROM user_layers WHERE user_id = $1', [userId]);
  if (layers.length > 0) await db.query('INSERT INTO user_layers (user_id, layer_id) SELECT $1, unnest($2::text[])', [userId, layers]);
}

export async function deleteUser(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('DELETE FROM users WHERE id = $1 RETURNING id', [id])).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Sessions

export async function insertSession(db: Queryable, tokenHash: string, userId: number, ttlSeconds: number): Promise<void> {
  await db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [tokenHash, userId, ttlSeconds]);
}

export interface PrincipalRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  layers: string[];
  streets: string[];
  /** Seconds since the credential was last marked used (sessions slide, tokens record use). */
  idle_s: number | null;
}

export async function userBySession(db: Queryable, tokenHash: string): Promise<PrincipalRow | undefined> {
  const [row] = await db.query<PrincipalRow>(
    `SELECT u.id, u.username, u.display_name, u.role, u.streets,
            COALESCE((SELECT array_agg(ul.layer_id) FROM user_layers ul WHERE ul.user_id = u.id), '{}') AS layers,
            extract(epoch FROM now() - s.last_seen_at)::float8 AS idle_s
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [tokenHash],
  );
  return row;
}

/**
 * Slides the idle timeout; never past 30 days after sign-in (an absolute limit, so a stolen cookie
 * that is kept busy still dies).
 */
export async function touchSession(db: Queryable, tokenHash: string, ttlSeconds: number): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = now(),
            expires_at = LEAST(now() + make_interval(secs => $2), created_at + interval '30 days')
      WHERE token_hash = $1`,
    [tokenHash, ttlSeconds],
  );
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/** Signs a user out everywhere, except (optionally) the session making the request. */
export async function deleteUserSessions(db: Queryable, userId: number, keepTokenHash?: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [userId, keepTokenHash ?? null]);
}

export async function deleteExpiredSessions(db: Queryable): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= now()');
}

// ---------------------------------------------------------------------------------------------
// API tokens

export async function userByApiToken(db: Queryable, tokenHash: string): Promise<PrincipalRow | undefined> {
  const [row] = await db.query<PrincipalRow>(
    `SELECT u.id, u.username, u.display_name, u.role, u.streets,
            COALESCE((SELECT array_agg(ul.layer_id) FROM user_layers ul WHERE ul.user_id = u.id), '{}') AS layers,
            extract(epoch FROM now() - t.last_used_at)::float8 AS idle_s
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled`,
    [tokenHash],
  );
  return row;
}

export async function touchApiToken(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1', [tokenHash]);
}

export interface TokenRow {
  id: number;
  user_id: number;
  username: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

const TOKEN_COLUMNS = `t.id, t.user_id, u.username, t.name, t.prefix, t.created_at::text AS created_at,
  t.last_used_at::text AS last_used_at, t.expires_at::text AS expires_at`;

export async function insertApiToken(
  db: Queryable,
  t: { userId: number; name: string; tokenHash: string; prefix: string; expiresInDays?: number },
): Promise<TokenRow> {
  const [row] = await db.query<TokenRow>(
    `WITH t AS (
       INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END)
       RETURNING *)
     SELECT ${TOKEN_COLUMNS} FROM t JOIN users u ON u.id = t.user_id`,
    [t.userId, t.name, t.tokenHash, t.prefix, t.expiresInDays ?? null],
  );
  return row!;
}

/** All tokens, or one user's. */
export function listApiTokens(db: Queryable, userId?: number) {
  return db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE $1::bigint IS NULL OR t.user_id = $1 ORDER BY t.id`,
    [userId ?? null],
  );
}

/** Revokes every API token of a user (a new password, or an account disabled or enabled again). */
export async function deleteUserApiTokens(db: Queryable, userId: number): Promise<void> {
  await db.query('DELETE FROM api_tokens WHERE user_id = $1', [userId]);
}

/** Deletes a token if it belongs to `ownerId` (or to anyone when ownerId is undefined). */
export async function deleteApiToken(db: Queryable, id: number, ownerId?: number): Promise<boolean> {
  const rows = await db.query('DELETE FROM api_tokens WHERE id = $1 AND ($2::bigint IS NULL OR user_id = $2) RETURNING id', [id, ownerId ?? null]);
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Sign-in limit counters (login-limit.ts): shared by every process on this database

/** Counts one more failure for `key` in its window (a new window when the last one ended). */
export async function incrementLoginAttempts(db: Queryable, key: string, windowMs: number): Promise<{ hits: number; reset_at: Date }> {
  const [row] = await db.query<{ hits: number; reset_at: Date }>(
    `INSERT INTO login_attempts AS a (key, hits, reset_at) VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000))
     ON CONFLICT (key) DO UPDATE
        SET hits     = CASE WHEN a.reset_at <= now() THEN 1 ELSE a.hits + 1 END,
            reset_at = CASE WHEN a.reset_at <= now() THEN EXCLUDED.reset_at ELSE a.reset_at END
     RETURNING hits, reset_at`,
    [key, windowMs],
  );
  return row!;
}

/** Takes one count back (a sign-in that succeeded after all). */
export async function decrementLoginAttempts(db: Queryable, key: string): Promise<void> {
  await db.query('UPDATE login_attempts SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND reset_at > now()', [key]);
}

export async function resetLoginAttempts(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE key = $1', [key]);
}

export async function deleteEndedLoginWindows(db: Queryable): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE reset_at <= now()');
}

/**
 * Accounts, managed by admins, and the first admin created on an empty database. Every change that
 * could lock everyone out (demoting, disabling or deleting the last active admin) is refused.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { inputError, notFound } from '../../lib/errors.ts';
import { findLayer } from '../layers/catalogue/index.ts';
import { conflict } from './auth.errors.ts';
import * as repo from './auth.repo.ts';
import type { Role } from './auth.types.ts';
import { hashPassword } from './passwords.ts';
import { randomPassword } from './secrets.ts';
import { canonicalUsername } from './username.ts';

export const userView = (u: repo.UserRow) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  layers: u.layers,
  streets: u.streets,
  disabled: u.disabled,
  createdAt: u.created_at,
  updatedAt: u.updated_at,
});
export type UserView = ReturnType<typeof userView>;

const userNotFound = (id: number) => notFound({ zh: `用户 ${id}`, en: `user ${id}` });
const lastAdmin = () => conflict('LAST_ADMIN', { zh: '至少要保留一名启用的管理员', en: 'At least one enabled admin must remain' });

function checkLayers(layers: readonly string[]): string[] {
  const unknown = layers.filter((id) => !findLayer(id));
  if (unknown.length > 0) throw inputError('UNKNOWN_LAYER', { zh: `未知图层：${unknown.join('、')}`, en: `Unknown layer(s): ${unknown.join(', ')}` });
  return [...new Set(layers)];
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await repo.listUsers(db)).map(userView);
}

export async function getUser(db: Queryable, id: number): Promise<UserView> {
  const u = await repo.getUser(db, id);
  if (!u) throw userNotFound(id);
  return userView(u);
}

export interface CreateUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string | undefined;
  layers?: string[] | undefined;
  streets?: string[] | undefined;
}

export async function createUser(db: Db, input: CreateUser): Promise<UserView> {
  const layers = checkLayers(input.layers ?? []);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const id = await repo.insertUser(tx, { username: input.username, displayName: input.displayName ?? '', role: input.role, passwordHash });
    if (id === undefined) throw conflict('USERNAME_TAKEN', { zh: `用户名 ${input.username} 已存在`, en: `User name ${input.username} is taken` });
    await repo.setUserLayers(tx, id, layers);
    if (input.streets?.length) await repo.setUserStreets(tx, id, [...new Set(input.streets)]);
    return getUser(tx, id);
  });
}

export interface UpdateUser {
  displayName?: string | undefined;
  role?: Role | undefined;
  layers?: string[] | undefined;
  streets?: string[] | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
}

export async function updateUser(db: Db, id: number, input: UpdateUser): Promise<UserView> {
  const layers = input.layers && checkLayers(input.layers);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (input.role !== undefined || input.disabled !== undefined) await repo.lockActiveAdmins(tx);
    const before = await repo.getUser(tx, id);
    if (!before) throw userNotFound(id);
    const losesAdmin = before.role === 'admin' && !before.disabled && ((input.role && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin && (await repo.countOtherActiveAdmins(tx, id)) === 0) throw lastAdmin();
    await repo.updateUser(tx, id, {
      ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
      ...(input.role === undefined ? {} : { role: input.role }),
      ...(input.disabled === undefined ? {} : { disabled: input.disabled }),
      ...(passwordHash === undefined ? {} : { passwordHash }),
    });
    if (layers) await repo.setUserLayers(tx, id, layers);
    if (input.streets) await repo.setUserStreets(tx, id, [...new Set(input.streets)]);
    // a new password or a disabled account ends every open session of that user
    if (passwordHash !== undefined || input.disabled === true) await repo.deleteUserSessions(tx, id);
    // and its API tokens, also when the account is enabled again: tokens never outlive the password
    // or a suspension (a token kept while disabled used to come back to life with the account)
    if (passwordHash !== undefined || (input.disabled !== undefined && input.disabled !== before.disabled)) await repo.deleteUserApiTokens(tx, id);
    return getUser(tx, id);
  });
}

export async function deleteUser(db: Db, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.lockActiveAdmins(tx);
    const before = await repo.getUser(tx, id);
    if (!before) throw userNotFound(id);
    if (before.role === 'admin' && !before.disabled && (await repo.countOtherActiveAdmins(tx, id)) === 0) throw lastAdmin();
    await repo.deleteUser(tx, id);
  });
}

/**
 * The command line's reset (server/admin.ts): makes `username` an enabled admin with this password,
 * creating the account when there is none. Through updateUser/createUser, so it ends sessions (and
 * whatever else a password change revokes) the same way the admin pages do.
 */
export async function resetAdmin(db: Db, username: string, password: string): Promise<{ created: boolean; user: UserView }> {
  const account = canonicalUsername(username);
  const existing = account === undefined ? undefined : await repo.findUserForLogin(db, account);
  if (existing) return { created: false, user: await updateUser(db, existing.id, { role: 'admin', disabled: false, password }) };
  return { created: true, user: await createUser(db, { username, password, role: 'admin' }) };
}

/**
 * First start: with no users at all, create the admin from ADMIN_PASSWORD, or with a random
 * password that is returned (and printed once by the caller). Later starts do nothing.
 */
export async function ensureFirstAdmin(
  db: Db,
  opts: { username: string; password?: string | undefined },
): Promise<{ created: false } | { created: true; username: string; generatedPassword?: string }> {
  if ((await repo.countUsers(db)) > 0) return { created: false };
  const password = opts.password ?? randomPassword();
  const created = await repo.insertFirstAdmin(db, opts.username, await hashPassword(password));
  if (!created) return { created: false };
  return { created: true, username: opts.username, ...(opts.password ? {} : { generatedPassword: password }) };
}

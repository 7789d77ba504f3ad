/**
 * Accounts: the admins' user management (`/api/admin/users`, server/features/auth/users.routes.ts)
 * and a user's own password (`POST /api/auth/password`). Refusals (409 LAST_ADMIN, USERNAME_TAKEN,
 * 401 for a wrong current password, 400 for a short one) come back as ApiError with the server's words.
 */
import type { User } from '../../server/features/auth/auth.contract.ts';
import { getJson, writeJson } from './http.ts';

export type { User };
export type Role = User['role'];

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
  layers?: string[];
}

/** What an admin may change; `password` resets it (the account's sessions and tokens end). */
export interface UserChange {
  displayName?: string;
  role?: Role;
  layers?: string[];
  password?: string;
  disabled?: boolean;
}

export async function fetchUsers(signal?: AbortSignal): Promise<User[]> {
  return (await getJson<{ users: User[] }>('/api/admin/users', {}, signal)).users;
}

export async function createUser(u: NewUser): Promise<User> {
  return (await writeJson<{ user: User }>('POST', '/api/admin/users', u)).user;
}

export async function updateUser(id: number, change: UserChange): Promise<User> {
  return (await writeJson<{ user: User }>('PATCH', `/api/admin/users/${id}`, change)).user;
}

/** The signed-in user's own password; this browser stays signed in, other sessions end. */
export function changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
  return writeJson<void>('POST', '/api/auth/password', { currentPassword, newPassword });
}

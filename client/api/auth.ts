/** Sign-in, sign-out and "who am I" (`/api/auth/*`, server/features/auth/auth.routes.ts). */
import type { MeResponse, MeUser } from '../../server/features/auth/auth.contract.ts';
import { getJson, writeJson } from './http.ts';

export type { MeResponse, MeUser };

export function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return getJson<MeResponse>('/api/auth/me', {}, signal);
}

/** 401 INVALID_CREDENTIALS, 429 TOO_MANY_ATTEMPTS come back as ApiError with the server's words. */
export async function login(username: string, password: string): Promise<MeUser> {
  const res = await writeJson<{ user: MeUser }>('POST', '/api/auth/login', { username, password });
  return res.user;
}

export function logout(): Promise<void> {
  return writeJson<void>('POST', '/api/auth/logout');
}

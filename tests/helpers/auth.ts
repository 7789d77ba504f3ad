/** Accounts for API tests: users with a role (and layers), their bearer tokens, and browser-style sign-in. */
import request from 'supertest';
import type { Db } from '../../server/db/db.ts';
import { insertApiToken } from '../../server/features/auth/auth.repo.ts';
import type { Role } from '../../server/features/auth/auth.types.ts';
import { hashSecret, newApiToken } from '../../server/features/auth/secrets.ts';
import { createUser } from '../../server/features/auth/users.service.ts';

type App = Parameters<typeof request>[0];

export const PASSWORD = 'correct horse battery';

export interface TestUser {
  id: number;
  username: string;
  /** `Authorization` header value. */
  bearer: string;
}

/** `streets`: a street-office account's scope (street codes), for the cases feature. */
export async function makeUser(db: Db, username: string, role: Role, layers: string[] = [], streets: string[] = []): Promise<TestUser> {
  const user = await createUser(db, { username, password: PASSWORD, role, layers, streets });
  const token = newApiToken();
  await insertApiToken(db, { userId: user.id, name: 'test', tokenHash: hashSecret(token), prefix: token.slice(0, 10) });
  return { id: user.id, username, bearer: `Bearer ${token}` };
}

/** Signs in like the UI does; returns the Cookie header value to send back. */
export async function signIn(app: App, username: string, password = PASSWORD): Promise<string> {
  const res = await request(app).post('/api/auth/login').set('X-Requested-With', 'fetch').send({ username, password }).expect(200);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('pc_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

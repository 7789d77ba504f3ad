/**
 * Password hashing: argon2id (OWASP's first choice) through @node-rs/argon2's prebuilt binding, at
 * the library's defaults (m = 19 MiB, t = 2, p = 1 — OWASP's minimum profile, ~30 ms here).
 */
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

let dummy: Promise<string> | undefined;
/**
 * Spends the same time as a real check when the user name is unknown, so response times do not
 * tell which accounts exist.
 */
export async function burnVerifyTime(password: string): Promise<false> {
  dummy ??= hash('no-such-user-placeholder');
  await verifyPassword(await dummy, password);
  return false;
}

/**
 * Session and API tokens: 256 random bits, shown to the client once; the database keeps only the
 * SHA-256, so a copy of the database signs nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';

/** API tokens carry a recognisable prefix so secret scanners and people can tell what they are. */
export const API_TOKEN_PREFIX = 'pct_';

export const newSessionToken = () => randomBytes(32).toString('base64url');
export const newApiToken = () => API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A random password for the first admin: 20 characters without look-alikes (0/O, 1/l/I). */
export function randomPassword(length = 20): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  // rejection sampling keeps every character equally likely
  for (const b of bytes) {
    if (b >= 256 - (256 % alphabet.length)) continue;
    out += alphabet[b % alphabet.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : randomPassword(length);
}

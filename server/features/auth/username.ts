/**
 * User names, decided once: 2–64 ASCII characters (A–Z a–z 0–9 _ . @ -), unique and matched
 * ignoring ASCII case only. Sign-in, the sign-in limit and account creation all go through here, so
 * the name the limiter counts is the account the database finds. Before, the limiter lowercased in
 * JavaScript and the database in its own locale: `rlİmit2` (dotted capital I) was a fresh limiter key
 * that PostgreSQL folded to the locked account `rlimit2`.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{2,64}$/;
export const USERNAME_RULE = '2–64 of A–Z a–z 0–9 _ . @ -';

/** The account key of what someone typed, or undefined when no account can have that name. */
export function canonicalUsername(typed: string): string | undefined {
  return USERNAME_PATTERN.test(typed) ? typed.toLowerCase() : undefined;
}

/**
 * Text PostgreSQL cannot store: NUL, and a lone UTF-16 surrogate (not valid UTF-8). Checked at the
 * edge for every request (server/http/input-guard.ts) and per feature for imported files
 * (validateFeature).
 */

/** NUL, or a surrogate half without its partner. */
const BAD_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or undefined when it can. */
export function textProblem(s: string): string | undefined {
  const m = BAD_TEXT.exec(s);
  if (!m) return undefined;
  return m[0] === '\0' ? 'contains a NUL character' : `contains a lone UTF-16 surrogate (U+${m[0].charCodeAt(0).toString(16).toUpperCase()})`;
}

/** What to show for a failed call: the server's own bilingual message, or a generic one. */
import { ApiError } from '../api/http.ts';
import type { Bilingual } from '../api/types.ts';
import { bilingual } from '../i18n/index.tsx';

export function errorText(err: unknown): Bilingual {
  return err instanceof ApiError ? err.text : bilingual('error.generic');
}

/** The attribute keys a write was refused for lacking (422 REQUIRED_ATTRIBUTES_MISSING), to mark in the form. */
export function missingAttributes(err: unknown): string[] {
  if (!(err instanceof ApiError) || err.code !== 'REQUIRED_ATTRIBUTES_MISSING') return [];
  const missing = (err.details as { missing?: unknown } | undefined)?.missing;
  return Array.isArray(missing) ? missing.filter((k): k is string => typeof k === 'string') : [];
}

/** What to show for a failed call: the server's own bilingual message, or a generic one. */
import { ApiError } from '../api/http.ts';
import type { Bilingual } from '../api/types.ts';
import { bilingual } from '../i18n/index.tsx';

export function errorText(err: unknown): Bilingual {
  return err instanceof ApiError ? err.text : bilingual('error.generic');
}

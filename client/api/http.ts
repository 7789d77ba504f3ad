/**
 * The one way the client talks to the server: JSON over fetch. Every failure becomes an ApiError
 * carrying the server's stable code and its message in both languages, so the UI can show it.
 */
import { CONFIG } from '../config.ts';
import { bilingual } from '../i18n/index.tsx';
import type { Bilingual } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly details?: unknown,
  ) {
    super(text.en);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${CONFIG.apiBase}${path}${qs ? `?${qs}` : ''}`;
}

interface ErrorBody {
  error?: { code?: string; message?: string; messageZh?: string; details?: unknown };
}

export async function getJson<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', bilingual('error.network'));
  }
  if (!res.ok) {
    let body: ErrorBody = {};
    try {
      body = (await res.json()) as ErrorBody;
    } catch {
      /* not JSON: fall through to the generic message */
    }
    const e = body.error;
    const fallback = bilingual('error.server', { status: res.status });
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      { zh: e?.messageZh ?? e?.message ?? fallback.zh, en: e?.message ?? fallback.en },
      e?.details,
    );
  }
  return (await res.json()) as T;
}

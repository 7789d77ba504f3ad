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

async function toApiError(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    /* not JSON: fall through to the generic message */
  }
  const e = body.error;
  const fallback = bilingual('error.server', { status: res.status });
  return new ApiError(
    res.status,
    e?.code ?? `HTTP_${res.status}`,
    { zh: e?.messageZh ?? e?.message ?? fallback.zh, en: e?.message ?? fallback.en },
    e?.details,
  );
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    // same-origin cookies always; the session cookie is what signs the UI in.
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', bilingual('error.network'));
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

export async function getJson<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  const res = await send(apiUrl(path, query), { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  return (await res.json()) as T;
}

export interface WriteOptions {
  query?: Query;
  /** Sent as If-Match: OGC Part 4 writes are refused (428/412) without the version the user saw. */
  ifMatch?: string;
  signal?: AbortSignal;
  /** Extra request headers (e.g. Accept: application/x-ndjson for streamed progress). */
  headers?: Record<string, string>;
  /** Upload progress of a FormData body (bytes sent, total): the request then goes by XMLHttpRequest. */
  onUploadProgress?: (loaded: number, total: number | undefined) => void;
}

/**
 * Every write goes through here: the session cookie rides along, and `X-Requested-With` is set
 * because the server refuses cookie-authenticated writes without it (a header no cross-site
 * HTML form can send: the CSRF guard in server/features/auth/auth.middleware.ts).
 * The body is JSON unless it is FormData (uploads). Returns the raw Response for callers that
 * need headers (ETag) or a streamed body.
 */
export function write(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, opts: WriteOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-requested-with': 'XMLHttpRequest', ...opts.headers };
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const init: RequestInit = { method, headers, ...(payload !== undefined ? { body: payload } : {}), ...(opts.signal ? { signal: opts.signal } : {}) };
  if (opts.onUploadProgress && body instanceof FormData && typeof XMLHttpRequest !== 'undefined')
    return sendWithUploadProgress(apiUrl(path, opts.query), init, headers, opts.onUploadProgress);
  return send(apiUrl(path, opts.query), init);
}

/**
 * `send` by XMLHttpRequest, the one browser API that reports upload progress. The answer becomes an
 * ordinary Response whose body streams as it arrives (NDJSON progress lines keep working), and
 * errors become ApiErrors exactly as in `send`.
 */
function sendWithUploadProgress(
  url: string,
  init: RequestInit,
  headers: Record<string, string>,
  onUpload: NonNullable<WriteOptions['onUploadProgress']>,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const encoder = new TextEncoder();
    let seen = 0;
    let answered = false;
    let body!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        body = c;
      },
    });
    const push = () => {
      const text = xhr.responseText;
      if (text.length > seen) body.enqueue(encoder.encode(text.slice(seen)));
      seen = text.length;
    };
    const fail = (err: Error) => {
      if (answered) body.error(err);
      else reject(err);
    };
    xhr.open(init.method ?? 'POST', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onUpload(e.loaded, e.lengthComputable ? e.total : undefined);
    xhr.onreadystatechange = () => {
      if (xhr.readyState !== XMLHttpRequest.HEADERS_RECEIVED || answered) return;
      answered = true;
      const h = new Headers();
      for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i > 0) h.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
      }
      const empty = xhr.status === 204 || xhr.status === 304;
      const res = new Response(empty ? null : stream, { status: xhr.status, statusText: xhr.statusText, headers: h });
      if (res.ok) resolve(res);
      else toApiError(res).then(reject, reject);
    };
    xhr.onprogress = push;
    xhr.onload = () => {
      push();
      body.close();
    };
    xhr.onerror = () => fail(new ApiError(0, 'NETWORK', bilingual('error.network')));
    xhr.onabort = () => fail(new DOMException('aborted', 'AbortError'));
    init.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(init.body as FormData);
  });
}

/** A write whose answer is JSON (or nothing: 204 gives undefined). */
export async function writeJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, opts: WriteOptions = {}): Promise<T> {
  const res = await write(method, path, body, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A read whose ETag matters (a feature before editing it): the body and the entity tag, never from cache. */
export async function getJsonWithEtag<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<{ data: T; etag: string | null }> {
  const res = await send(apiUrl(path, query), { headers: { accept: 'application/json' }, cache: 'no-store', ...(signal ? { signal } : {}) });
  return { data: (await res.json()) as T, etag: res.headers.get('etag') };
}

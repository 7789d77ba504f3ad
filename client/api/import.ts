/**
 * Layer import (`POST /api/layers/{id}/import`, multipart field `file`): a dry run for the report
 * and preview, then the real import. The request goes through `write` (cookie + X-Requested-With);
 * upload progress comes from XMLHttpRequest, processing progress from the NDJSON lines the server
 * streams (`{"progress":…}` … then `{"result":…}` or `{"error":…}`).
 */
import type { ImportProgress, ImportReport, ImportWarning, IoFormatsResponse } from '../../server/features/io/io.contract.ts';
import { ApiError, getJson, write } from './http.ts';

export type { ImportReport, ImportWarning };

export type IoFormats = IoFormatsResponse;

export function fetchIoFormats(signal?: AbortSignal): Promise<IoFormats> {
  return getJson<IoFormats>('/api/io/formats', {}, signal);
}

export interface ImportOptions {
  mode: 'append' | 'replace';
  dryRun: boolean;
  /** Overrides the detected CRS (a CRS id such as gcj02 or epsg4547); empty = detect. */
  crs?: string;
  repair: boolean;
  /** The column mapping the user confirmed: the name column, the CSV coordinate columns, attribute key → column. */
  columns?: { name?: string; x?: string; y?: string; attributes?: Record<string, string> };
}

export type ServerProgress = ImportProgress | { phase: 'upload'; done: number; total?: number };

export interface ImportCallbacks {
  onUpload?: (loaded: number, total: number | undefined) => void;
  onProgress?: (p: ServerProgress) => void;
}

interface Line {
  progress?: ServerProgress;
  result?: ImportReport;
  error?: { code?: string; message?: string; messageZh?: string; details?: unknown };
  status?: number;
}

export async function importFile(layerId: string, file: File, opts: ImportOptions, cb: ImportCallbacks = {}, signal?: AbortSignal): Promise<ImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await write('POST', `/api/layers/${encodeURIComponent(layerId)}/import`, form, {
    query: {
      mode: opts.mode,
      dryRun: opts.dryRun,
      repair: opts.repair,
      crs: opts.crs || undefined,
      columns: opts.columns && Object.keys(opts.columns).length > 0 ? JSON.stringify(opts.columns) : undefined,
    },
    headers: { accept: 'application/x-ndjson' },
    ...(cb.onUpload ? { onUploadProgress: cb.onUpload } : {}),
    ...(signal ? { signal } : {}),
  });
  if (!res.body) throw new ApiError(0, 'EMPTY', { zh: '服务器没有返回结果', en: 'The server sent no answer' });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  const handle = (text: string): ImportReport | undefined => {
    if (!text.trim()) return undefined;
    const line = JSON.parse(text) as Line;
    if (line.progress) cb.onProgress?.(line.progress);
    if (line.error) {
      const e = line.error;
      throw new ApiError(line.status ?? 500, e.code ?? 'IMPORT_FAILED', { zh: e.messageZh ?? e.message ?? '', en: e.message ?? '' }, e.details);
    }
    return line.result;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const result = handle(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      if (result) return result;
    }
    if (done) break;
  }
  const last = handle(buffered);
  if (last) return last;
  throw new ApiError(0, 'IMPORT_INTERRUPTED', { zh: '导入的响应中断，请重试', en: 'The import answer was cut off; please retry' });
}

/**
 * Batch screening (`POST /api/check/batch`): the mapped rows go as JSON `points` (each row's own
 * columns ride along and come back in the XLSX); the same request with `format=xlsx|geojson`
 * downloads the screening as a file. A read, though a POST.
 */
import type { BatchResponse, BatchResult } from '../../server/features/batch/batch.contract.ts';
import { write } from './http.ts';
import type { CrsId } from './types.ts';

export type { BatchResponse, BatchResult };

export interface BatchOptions {
  crs: CrsId;
  /** "Near a boundary" within this many metres. */
  near: number;
}

export async function screenPoints(points: readonly unknown[], opts: BatchOptions, signal?: AbortSignal): Promise<BatchResponse> {
  const res = await write('POST', '/api/check/batch', { points }, { query: { crs: opts.crs, near: opts.near }, ...(signal ? { signal } : {}) });
  return (await res.json()) as BatchResponse;
}

/** The screening as a file (the server names it batch-check-YYYY-MM-DD.xlsx / .geojson). */
export async function screeningFile(points: readonly unknown[], opts: BatchOptions, format: 'xlsx' | 'geojson'): Promise<{ blob: Blob; filename: string }> {
  const res = await write('POST', '/api/check/batch', { points }, { query: { crs: opts.crs, near: opts.near, format } });
  const named = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await res.blob(), filename: named ?? `batch-check.${format}` };
}

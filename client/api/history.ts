/** Feature history, the audit log and undo (server/features/history/history.routes.ts). */
import type { AuditResponse, Change, FeatureHistory, HistoryEvent, UndoResponse } from '../../server/features/history/history.contract.ts';
import { apiUrl, getJson, writeJson, type Query } from './http.ts';

export type { AuditResponse, Change, FeatureHistory, HistoryEvent };

export function fetchFeatureHistory(layer: string, id: number, signal?: AbortSignal): Promise<FeatureHistory> {
  return getJson<FeatureHistory>(`/api/features/${encodeURIComponent(layer)}/${id}/history`, { limit: 100 }, signal);
}

export interface AuditFilter {
  user?: string;
  layer?: string;
  kind?: string;
  /** YYYY-MM-DD (a day in China Standard Time, as the server reads it). */
  from?: string;
  to?: string;
}

const filterQuery = (f: AuditFilter): Query => ({ user: f.user, layer: f.layer, kind: f.kind, from: f.from, to: f.to });

export function fetchAudit(f: AuditFilter, beforeId?: number, signal?: AbortSignal): Promise<AuditResponse> {
  return getJson<AuditResponse>('/api/admin/audit', { ...filterQuery(f), limit: 50, beforeId }, signal);
}

/** Link to the audit export (one line per feature change), same filters. */
export function auditExportUrl(f: AuditFilter, format: 'csv' | 'ndjson'): string {
  return apiUrl(`/api/admin/audit/export.${format}`, filterQuery(f));
}

export function undoEvent(id: number): Promise<UndoResponse> {
  return writeJson('POST', `/api/history/events/${id}/undo`);
}

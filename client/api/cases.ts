/** The enforcement ledger (`/api/cases…`): list, one case, opening, workflow steps, comments, evidence, downloads. */
import type { CaseDetail, CaseList, CaseStatus, CaseSummary } from '../../server/features/cases/cases.contract.ts';
import { apiUrl, getJson, write } from './http.ts';

export type { CaseDetail, CaseList, CaseStatus, CaseSummary, CaseView } from '../../server/features/cases/cases.contract.ts';

export interface CaseFilter {
  status?: string | undefined;
  street?: string | undefined;
  rule?: string | undefined;
  unit?: string | undefined;
  overdue?: 'true' | undefined;
}

export const fetchCases = (filter: CaseFilter, signal?: AbortSignal) => getJson<CaseList>('/api/cases', { ...filter }, signal);
export const fetchCaseSummary = (signal?: AbortSignal) => getJson<CaseSummary>('/api/cases/summary', {}, signal);
export const fetchCase = async (id: number, signal?: AbortSignal) => (await getJson<{ case: CaseDetail }>(`/api/cases/${id}`, {}, signal)).case;

async function caseOf(res: Response): Promise<CaseDetail> {
  return ((await res.json()) as { case: CaseDetail }).case;
}

export async function openCase(
  body: { rule: string; layer: string; featureId: string } | { rule?: string; lng: number; lat: number; title: string },
): Promise<CaseDetail> {
  return caseOf(await write('POST', '/api/cases', body));
}

export interface Step {
  to: CaseStatus;
  note?: string;
  override?: boolean;
  unit?: string;
  assignee?: string;
  deadline?: string;
}

export async function moveCase(id: number, step: Step): Promise<CaseDetail> {
  return caseOf(await write('POST', `/api/cases/${id}/transitions`, step));
}

export async function commentCase(id: number, body: string): Promise<CaseDetail> {
  return caseOf(await write('POST', `/api/cases/${id}/comments`, { body }));
}

export async function uploadEvidence(id: number, file: File, onProgress: (loaded: number, total: number | undefined) => void): Promise<CaseDetail> {
  const form = new FormData();
  form.append('file', file);
  return caseOf(await write('POST', `/api/cases/${id}/attachments`, form, { onUploadProgress: onProgress }));
}

export const casesDownloadUrl = (format: 'geojson' | 'csv' | 'xlsx', filter: CaseFilter) => apiUrl(`/api/cases.${format}`, { ...filter });

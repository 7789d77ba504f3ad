/**
 * The 台账 tab's link to api/cases and map/cases: the filtered list with counts, the summary, one
 * open case with its actions (steps, comments, evidence upload with progress), and the case layer.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  commentCase,
  fetchCase,
  fetchCases,
  fetchCaseSummary,
  moveCase,
  openCase,
  uploadEvidence,
  casesDownloadUrl,
  type CaseDetail,
  type CaseFilter,
  type CaseList,
  type Step,
} from '../api/cases.ts';
import type { Bilingual } from '../api/types.ts';
import { CASE_COLORS, type MapController } from '../map/index.ts';
import { errorText } from './errorText.ts';
import { useAsync } from './useAsync.ts';

export { CASE_COLORS, casesDownloadUrl };

export function useCaseList(filter: CaseFilter, key: number) {
  const list = useAsync((signal) => fetchCases(filter, signal));
  const summary = useAsync((signal) => fetchCaseSummary(signal));
  const { refresh } = list;
  const refreshSummary = summary.refresh;
  const filterKey = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey and key are the triggers: useAsync reads its load through a ref, so a new filter or a change elsewhere (key) asks for a quiet refresh
  useEffect(() => {
    refresh();
    refreshSummary();
  }, [filterKey, key, refresh, refreshSummary]);
  return { list, summary };
}

export interface CaseActions {
  state: { status: 'loading' } | { status: 'ok'; data: CaseDetail } | { status: 'error'; error: Bilingual };
  busy: boolean;
  /** The last refused action's message. */
  error: Bilingual | null;
  /** Upload progress 0–1 while a file goes up. */
  progress: number | null;
  move(step: Step): Promise<void>;
  comment(body: string): Promise<boolean>;
  upload(file: File): Promise<void>;
}

/** One case and what can be done with it; `onChanged` runs after every successful change. */
export function useCase(id: number | null, onChanged: () => void): CaseActions {
  const [state, setState] = useState<CaseActions['state']>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  useEffect(() => {
    if (id === null) return;
    const ac = new AbortController();
    setState({ status: 'loading' });
    setError(null);
    fetchCase(id, ac.signal).then(
      (data) => !ac.signal.aborted && setState({ status: 'ok', data }),
      (err: unknown) => !ac.signal.aborted && setState({ status: 'error', error: errorText(err) }),
    );
    return () => ac.abort();
  }, [id]);
  const act = useCallback(
    async (run: () => Promise<CaseDetail>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        setState({ status: 'ok', data: await run() });
        onChanged();
        return true;
      } catch (err) {
        setError(errorText(err));
        return false;
      } finally {
        setBusy(false);
        setProgress(null);
      }
    },
    [onChanged],
  );
  return {
    state,
    busy,
    error,
    progress,
    move: async (step) => void (id !== null && (await act(() => moveCase(id, step)))),
    comment: (body) => (id === null ? Promise.resolve(false) : act(() => commentCase(id, body))),
    upload: async (file) => {
      if (id === null) return;
      setProgress(0);
      await act(() => uploadEvidence(id, file, (loaded, total) => setProgress(total ? loaded / total : null)));
    },
  };
}

/** 立案 from a violation; resolves with the new case's id, or the existing open one's. */
export async function openCaseFromViolation(v: {
  rule: string;
  layer: string;
  featureId: string;
}): Promise<{ id: number } | { error: Bilingual; id?: number }> {
  try {
    return { id: (await openCase(v)).id };
  } catch (err) {
    const details = (err as { details?: { caseId?: number } }).details;
    return { error: errorText(err), ...(details?.caseId !== undefined ? { id: details.caseId } : {}) };
  }
}

/** Draws the listed cases while `on` (and the open case's photo positions). */
export function useCaseLayer(map: MapController | null, list: CaseList | null, on: boolean, open: CaseDetail | null): void {
  useEffect(() => {
    if (!map) return;
    const photos = (open?.attachments ?? []).filter((a) => a.lng !== null && a.lat !== null).map((a) => ({ lng: a.lng!, lat: a.lat! }));
    map.setCases(on && list ? list.cases : null, on ? photos : []);
  }, [map, list, on, open]);
}

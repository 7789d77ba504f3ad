/** The admin audit log: events filtered by user, layer, kind and dates, paged; undo of an import. */
import { useCallback, useEffect, useState } from 'react';
import { auditExportUrl, fetchAudit, undoEvent, type AuditFilter, type HistoryEvent } from '../api/history.ts';
import type { Bilingual } from '../api/types.ts';
import { errorText } from './errorText.ts';
import { announceWrite } from './writeFeedback.ts';

export type AuditState = { status: 'loading' | 'ok' | 'error'; events: HistoryEvent[]; next: number | null; error: Bilingual | null };

export function useAudit(filter: AuditFilter) {
  const [state, setState] = useState<AuditState>({ status: 'loading', events: [], next: null, error: null });
  const [nonce, setNonce] = useState(0);
  const key = JSON.stringify(filter);

  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce is a trigger: an undo bumps it to read the log again
  useEffect(() => {
    const ac = new AbortController();
    setState((s) => ({ ...s, status: 'loading', error: null }));
    fetchAudit(JSON.parse(key) as AuditFilter, undefined, ac.signal).then(
      (r) => setState({ status: 'ok', events: r.events, next: r.nextBeforeId, error: null }),
      (err: unknown) => !ac.signal.aborted && setState({ status: 'error', events: [], next: null, error: errorText(err) }),
    );
    return () => ac.abort();
  }, [key, nonce]);

  const more = useCallback(async () => {
    if (state.next === null) return;
    const r = await fetchAudit(JSON.parse(key) as AuditFilter, state.next);
    setState((s) => ({ ...s, events: [...s.events, ...r.events], next: r.nextBeforeId }));
  }, [key, state.next]);

  /** Undo an event (imports): returns how many features were reverted. */
  const undo = useCallback(async (id: number) => {
    const r = await undoEvent(id);
    setNonce((n) => n + 1);
    announceWrite('undo', r.event.layer, r.warnings);
    return r;
  }, []);

  /** Export link with the filter in force. */
  const exportUrl = useCallback((format: 'csv' | 'ndjson') => auditExportUrl(JSON.parse(key) as AuditFilter, format), [key]);

  return { state, more, undo, exportUrl };
}

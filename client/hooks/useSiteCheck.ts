/** The site check's state: the query, the answer (or the server's error), one request at a time. */
import { useCallback, useRef, useState } from 'react';
import { checkSite, type CheckQuery } from '../api/check.ts';

/** The 点位核查报告 link of a checked point (components reach api/ through hooks). */
export { checkReportUrl } from '../api/check.ts';
import { ApiError } from '../api/http.ts';
import type { CheckResult } from '../api/types.ts';

export type CheckState =
  | { status: 'idle' }
  | { status: 'running'; query: CheckQuery; label?: string }
  | { status: 'ok'; query: CheckQuery; result: CheckResult; label?: string }
  | { status: 'error'; query: CheckQuery; error: ApiError; label?: string };

export function useSiteCheck() {
  const [state, setState] = useState<CheckState>({ status: 'idle' });
  const ac = useRef<AbortController | null>(null);

  const run = useCallback(async (query: CheckQuery, label?: string): Promise<CheckResult | null> => {
    ac.current?.abort();
    const ctl = new AbortController();
    ac.current = ctl;
    const extra = label ? { label } : {};
    setState({ status: 'running', query, ...extra });
    try {
      const result = await checkSite(query, ctl.signal);
      if (ctl.signal.aborted) return null;
      setState({ status: 'ok', query, result, ...extra });
      return result;
    } catch (err) {
      if (ctl.signal.aborted) return null;
      const error = err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', { zh: String(err), en: String(err) });
      setState({ status: 'error', query, error, ...extra });
      return null;
    }
  }, []);

  const clear = useCallback(() => {
    ac.current?.abort();
    setState({ status: 'idle' });
  }, []);

  return { state, run, clear };
}

import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/**
 * Runs `load` on mount (and on `reload`), aborting the previous run. `refresh` loads again but keeps
 * showing the current data until the new data arrives (no 'loading' flash; e.g. after an import).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>): AsyncState<T> & { reload: () => void; refresh: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  // every reload or refresh is a new run object, so the effect runs again; `quiet` keeps the data on screen
  const [run, setRun] = useState({ quiet: false });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ac = new AbortController();
    if (!run.quiet) setState({ status: 'loading' });
    loadRef.current(ac.signal).then(
      (data) => !ac.signal.aborted && setState({ status: 'ok', data }),
      (error: unknown) => !ac.signal.aborted && setState({ status: 'error', error }),
    );
    return () => ac.abort();
  }, [run]);
  const reload = useCallback(() => setRun({ quiet: false }), []);
  const refresh = useCallback(() => setRun({ quiet: true }), []);
  return { ...state, reload, refresh };
}

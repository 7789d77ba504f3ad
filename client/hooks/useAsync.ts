import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/**
 * Runs `load` on mount (and on `reload`), aborting the previous run. `refresh` loads again but keeps
 * showing the current data until the new data arrives (no 'loading' flash; e.g. after an import).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>): AsyncState<T> & { reload: () => void; refresh: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const quiet = useRef(false);
  useEffect(() => {
    const ac = new AbortController();
    if (!quiet.current) setState({ status: 'loading' });
    quiet.current = false;
    loadRef.current(ac.signal).then(
      (data) => !ac.signal.aborted && setState({ status: 'ok', data }),
      (error: unknown) => !ac.signal.aborted && setState({ status: 'error', error }),
    );
    return () => ac.abort();
  }, [nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const refresh = useCallback(() => {
    quiet.current = true;
    setNonce((n) => n + 1);
  }, []);
  return { ...state, reload, refresh };
}

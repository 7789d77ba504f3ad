import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads data while `enabled`, again whenever `key` changes (e.g. layer revisions, filters) and on
 * `refresh()`. Unlike useAsync the previous answer stays on screen while the next one loads
 * (`refreshing`), so counts do not flicker; a newer load aborts the older one.
 */
export interface Refreshable<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Number of answers received so far (tests and callers can tell a fresh answer from the old). */
  loads: number;
  refresh: () => void;
}

export function useRefreshable<T>(load: (signal: AbortSignal) => Promise<T>, key: string, enabled: boolean): Refreshable<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [loads, setLoads] = useState(0);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key and nonce are the triggers: `load` is new on every render and read through a ref, the caller's key names what it reads, refresh() bumps nonce
  useEffect(() => {
    if (!enabled) return;
    const ac = new AbortController();
    setLoading(true);
    loadRef.current(ac.signal).then(
      (d) => {
        if (ac.signal.aborted) return;
        setData(d);
        setError(null);
        setLoading(false);
        setLoads((n) => n + 1);
      },
      (err: unknown) => {
        if (ac.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => ac.abort();
  }, [key, enabled, nonce]);

  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, loads, refresh };
}

/** Debounced site search as the user types. */
import { useEffect, useState } from 'react';
import { searchSites } from '../api/search.ts';
import type { SearchHit } from '../api/types.ts';

export type SearchState = { status: 'idle' } | { status: 'searching' } | { status: 'ok'; hits: SearchHit[] } | { status: 'error' };

export function useSearch(q: string, delayMs = 250): SearchState {
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setState({ status: 'idle' });
      return;
    }
    const ac = new AbortController();
    setState({ status: 'searching' });
    const t = setTimeout(() => {
      searchSites(text, ac.signal).then(
        (hits) => !ac.signal.aborted && setState({ status: 'ok', hits }),
        () => !ac.signal.aborted && setState({ status: 'error' }),
      );
    }, delayMs);
    return () => {
      clearTimeout(t);
      ac.abort();
    };
  }, [q, delayMs]);
  return state;
}

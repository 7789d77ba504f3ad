/**
 * Reads the shareable state from the URL hash once, and writes it back (replaceState, debounced)
 * whenever it changes, so a copied link reopens the same view.
 */
import { useEffect, useRef } from 'react';
import { formatUrlState, parseUrlState, type UrlState } from '../lib/urlState.ts';

export function readUrlState(): UrlState {
  return parseUrlState(window.location.hash);
}

export function useWriteUrlState(state: UrlState, delayMs = 300): void {
  const last = useRef<string | null>(null);
  const text = formatUrlState(state);
  useEffect(() => {
    if (text === last.current) return;
    const t = setTimeout(() => {
      last.current = text;
      const url = `${window.location.pathname}${window.location.search}${text}`;
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, '', url);
    }, delayMs);
    return () => clearTimeout(t);
  }, [text, delayMs]);
}

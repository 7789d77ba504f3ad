/**
 * The column mapping a user last confirmed for one purpose ("batch", or "import:<layer id>"),
 * remembered in localStorage so the next register from the same source maps itself.
 */
import { useCallback } from 'react';
import { ROLES, type ColumnMapping } from '../lib/columnMapping.ts';

const key = (purpose: string) => `pingcheng.columns.${purpose}`;

function load(purpose: string): ColumnMapping {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key(purpose)) ?? '{}');
    if (!raw || typeof raw !== 'object') return {};
    const out: ColumnMapping = {};
    for (const role of ROLES) {
      const v = (raw as Record<string, unknown>)[role];
      if (typeof v === 'string') out[role] = v;
    }
    return out;
  } catch {
    return {}; // storage blocked or unreadable: guess from the headers alone
  }
}

export function useRememberedMapping(purpose: string) {
  const recall = useCallback(() => load(purpose), [purpose]);
  const remember = useCallback(
    (m: ColumnMapping) => {
      try {
        localStorage.setItem(key(purpose), JSON.stringify(m));
      } catch {
        /* storage blocked */
      }
    },
    [purpose],
  );
  return { recall, remember };
}

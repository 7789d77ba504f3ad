/**
 * The column mapping a user last confirmed for one purpose ("batch", or "import:<layer id>"),
 * remembered in localStorage so the next register from the same source maps itself; the import's
 * attribute columns beside it ("import:<layer id>:attributes").
 */
import { useCallback } from 'react';
import { ROLES, type AttributeMapping, type ColumnMapping } from '../lib/columnMapping.ts';

const key = (purpose: string) => `pingcheng.columns.${purpose}`;

/** The stored object's string values, by the keys `keep` accepts. */
function load(purpose: string, keep: (k: string) => boolean): Record<string, string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key(purpose)) ?? '{}');
    if (!raw || typeof raw !== 'object') return {};
    return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => keep(e[0]) && typeof e[1] === 'string'));
  } catch {
    return {}; // storage blocked or unreadable: guess from the headers alone
  }
}

function useStored<T extends Record<string, string>>(purpose: string, keep: (k: string) => boolean) {
  const recall = useCallback(() => load(purpose, keep) as T, [purpose, keep]);
  const remember = useCallback(
    (m: T) => {
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

const isRole = (k: string) => (ROLES as readonly string[]).includes(k);
const any = () => true;

export function useRememberedMapping(purpose: string) {
  return useStored<ColumnMapping & Record<string, string>>(purpose, isRole);
}

/** The attribute columns (attribute key → header) a user last confirmed for one layer's imports. */
export function useRememberedAttributes(layerId: string) {
  return useStored<AttributeMapping>(`import:${layerId}:attributes`, any);
}

/**
 * Every successful write (create, edit, delete, restore, import, undo) is announced here, so what
 * depends on the data follows at once without threading callbacks through the shell: the
 * catalogue (layer counts and revisions, and through the revisions the layer data, violations,
 * coverage and statistics) reloads, and the save-time notice shows the rules the saved features
 * break — the write went through; the notice is feedback, not a refusal.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RuleWarning } from '../api/violations.ts';

export type WriteKind = 'create' | 'edit' | 'delete' | 'restore' | 'import' | 'undo';

export interface WriteNotice {
  /** Increases with every write: a new notice replaces the old one. */
  seq: number;
  kind: WriteKind;
  layerId: string;
  /** The rule warnings of the write's answer (other warnings, e.g. an import's file notes, are left out). */
  warnings: RuleWarning[];
}

type Listener = (n: WriteNotice) => void;
const listeners = new Set<Listener>();
let seq = 0;

const isRuleWarning = (w: unknown): w is RuleWarning =>
  typeof w === 'object' && w !== null && ['RULE_VIOLATION', 'RULE_UNVERIFIED'].includes((w as { code?: unknown }).code as string);

/** Called by the hooks that write, after the server said yes. */
export function announceWrite(kind: WriteKind, layerId: string, warnings: readonly unknown[] = []): void {
  const notice: WriteNotice = { seq: ++seq, kind, layerId, warnings: warnings.filter(isRuleWarning) };
  for (const listener of [...listeners]) listener(notice);
}

/** Runs `onWrite` after every announced write while the calling component is mounted. */
export function useWrites(onWrite: Listener): void {
  const ref = useRef(onWrite);
  ref.current = onWrite;
  useEffect(() => {
    const listener: Listener = (n) => ref.current(n);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}

/** The last write's rule warnings until dismissed (null when it had none). */
export function useWriteWarnings() {
  const [notice, setNotice] = useState<WriteNotice | null>(null);
  useWrites((n) => setNotice(n.warnings.length > 0 ? n : null));
  const dismiss = useCallback(() => setNotice(null), []);
  return { notice, dismiss };
}

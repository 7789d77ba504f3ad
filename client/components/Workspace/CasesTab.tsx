/** The 台账 tab's body: loaded the first time the tab opens (a visitor who never opens it fetches nothing). */
import { useRef } from 'react';
import { useRules } from '../../hooks/useViolations.ts';
import type { LngLat, MapController } from '../../map/index.ts';
import { CasesPanel } from '../Cases/CasesPanel.tsx';

interface Props {
  map: MapController | null;
  active: boolean;
  user: { id: number } | null;
  isAdmin: boolean;
  caseId: number | null;
  onCase: (id: number | null) => void;
  notice: string | null;
  onLocate: (at: LngLat) => void;
  refreshKey: number;
}

export function CasesTab({ map, active, user, isAdmin, caseId, onCase, notice, onLocate, refreshKey }: Props) {
  const opened = useRef(false);
  if (active) opened.current = true;
  const rules = useRules(opened.current);
  return (
    <>
      {notice && (
        <p className="error-box pad" role="status" data-testid="case-notice">
          {notice}
        </p>
      )}
      {opened.current && (
        <CasesPanel
          key={user?.id ?? 'anonymous'}
          map={map}
          rules={rules.data?.rules ?? []}
          active={active}
          signedIn={!!user}
          isAdmin={isAdmin}
          caseId={caseId}
          onCase={onCase}
          onLocate={onLocate}
          refreshKey={refreshKey}
        />
      )}
    </>
  );
}

/** The side panel: one tab per job (TABS in lib/panels.ts), each panel kept mounted and hidden when another tab shows. */
import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { TABS, type Tab } from '../../lib/panels.ts';
import { CloseButton } from '../CloseButton/CloseButton.tsx';

interface Props {
  tab: Tab;
  onTab: (tab: Tab) => void;
  onClose: () => void;
  /** Shown above every panel (loading, the catalogue's load error). */
  status?: ReactNode;
  panels: Record<Tab, ReactNode>;
}

export function Sidebar({ tab, onTab, onClose, status, panels }: Props) {
  const { t } = useI18n();
  // each tab opens at its top (the panels share one scroller)
  const body = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tab` is the trigger
  useEffect(() => {
    if (body.current) body.current.scrollTop = 0;
  }, [tab]);
  return (
    <aside id="sidebar" className="sidebar" aria-label={t('app.menu')}>
      <div className="tabs" role="tablist">
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`tabpanel-${id}`}
            className="tab"
            onClick={() => onTab(id)}
            data-testid={`tab-${id}`}
          >
            {t(`tabs.${id}`)}
          </button>
        ))}
        <CloseButton className="sidebar__close" label={t('app.closePanel')} onClick={onClose} />
      </div>
      <div className="sidebar__body" ref={body}>
        {status}
        {TABS.map((id) => (
          <div key={id} role="tabpanel" id={`tabpanel-${id}`} aria-labelledby={`tab-${id}`} hidden={tab !== id}>
            {panels[id]}
          </div>
        ))}
      </div>
    </aside>
  );
}

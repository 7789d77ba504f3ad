/** The site check: pick on the map, type coordinates, or search a site; then the result. */
import { useEffect, useRef } from 'react';
import type { CheckQuery } from '../../api/check.ts';
import type { LayerInfo, SearchHit } from '../../api/types.ts';
import type { CheckState } from '../../hooks/useSiteCheck.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CheckResultView } from './CheckResultView.tsx';
import { CoordinateForm } from './CoordinateForm.tsx';
import { LocateButton } from './LocateButton.tsx';
import { SiteSearch } from './SiteSearch.tsx';
import './SiteCheck.css';

interface Props {
  state: CheckState;
  layers: readonly LayerInfo[];
  pickMode: boolean;
  onPickMode: (on: boolean) => void;
  onRun: (q: CheckQuery) => void;
  /** Check the browser's position (我的位置), labelled with its accuracy. */
  onLocated: (at: { lng: number; lat: number }, label: string) => void;
  onClear: () => void;
  onSearchHit: (hit: SearchHit) => void;
  onZone: (layer: string, id: number) => void;
}

export function SiteCheckPanel({ state, layers, pickMode, onPickMode, onRun, onLocated, onClear, onSearchHit, onZone }: Props) {
  const { t, pick } = useI18n();
  // The answer is brought into view when it comes (on a phone it sits above the form the user just used).
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== 'idle') outcome.current?.scrollIntoView({ block: 'start' });
  }, [state.status]);
  return (
    <div className="site-check" data-testid="site-check">
      <p className="intro">{t('check.intro')}</p>
      <div className="site-check__actions">
        <button
          type="button"
          className={`button${pickMode ? ' button--active' : ''}`}
          aria-pressed={pickMode}
          onClick={() => onPickMode(!pickMode)}
          data-testid="pick-toggle"
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <circle cx="10" cy="10" r="6" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="M10 1v4M10 15v4M1 10h4M15 10h4" stroke="currentColor" strokeWidth="1.6" />
          </svg>
          {t('check.pick')}
        </button>
        <LocateButton onLocated={onLocated} />
        {state.status !== 'idle' && (
          <button type="button" className="button button--quiet" onClick={onClear} data-testid="check-clear">
            {t('check.clear')}
          </button>
        )}
      </div>

      <fieldset className="panel-block">
        <legend>{t('check.bySearch')}</legend>
        <SiteSearch layers={layers} onPick={onSearchHit} />
      </fieldset>

      <fieldset className="panel-block">
        <legend>{t('check.byCoords')}</legend>
        <CoordinateForm onSubmit={onRun} busy={state.status === 'running'} />
      </fieldset>

      {/* After the forms on a wide screen; first on a phone, where the panel is a bottom sheet (results first). */}
      {state.status !== 'idle' && (
        <div className="site-check__outcome" ref={outcome}>
          {state.status === 'running' && (
            <p className="muted" role="status">
              {t('check.running')}
            </p>
          )}
          {state.status === 'error' && (
            <div className="error-box" role="alert" data-testid="check-error">
              {pick(state.error.text)}
            </div>
          )}
          {state.status === 'ok' && <CheckResultView result={state.result} label={state.label} layers={layers} onZone={onZone} />}
        </div>
      )}
    </div>
  );
}

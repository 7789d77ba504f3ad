/** 我的位置: checks the place the browser reports (WGS84), with its accuracy in the result's label. */
import { useGeolocation } from '../../hooks/useGeolocation.ts';
import { useI18n } from '../../i18n/index.tsx';

export function LocateButton({ onLocated }: { onLocated: (at: { lng: number; lat: number }, label: string) => void }) {
  const { t, num } = useI18n();
  const { state, locate } = useGeolocation();
  const run = async () => {
    const p = await locate();
    if (p) onLocated(p, t('check.myLocationLabel', { m: num(Math.round(p.accuracy)) }));
  };
  return (
    <>
      <button type="button" className="button" onClick={() => void run()} disabled={state.status === 'locating'} data-testid="locate-me">
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <circle cx="10" cy="10" r="3" fill="currentColor" />
          <circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
        {state.status === 'locating' ? t('check.locating') : t('check.myLocation')}
      </button>
      {state.status === 'error' && (
        <p className="field__error" role="alert" data-testid="locate-error">
          {t(`check.locate.${state.reason}`)}
        </p>
      )}
    </>
  );
}

/** The map toolbar's "Import" button (always shown: the dialog explains when signing in is needed). */
import { useI18n } from '../../i18n/index.tsx';

export function ImportButton({ open, onClick }: { open: boolean; onClick: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className={`map-button${open ? ' is-on' : ''}`} aria-pressed={open} onClick={onClick} data-testid="import-button">
      <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
        <path d="M10 12.5v-9M6 7 10 3l4 4M4 15.5h12" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>{t('import.button')}</span>
    </button>
  );
}

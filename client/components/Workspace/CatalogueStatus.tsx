/** Above the side panel's tabs while the layer catalogue loads, or when it failed (with a retry). */
import { useI18n } from '../../i18n/index.tsx';

export function CatalogueStatus({ status, onRetry }: { status: 'idle' | 'loading' | 'ok' | 'error'; onRetry: () => void }) {
  const { t } = useI18n();
  if (status === 'loading') return <p className="muted pad">{t('app.loading')}</p>;
  if (status !== 'error') return null;
  return (
    <div className="error-box pad" role="alert">
      <p>{t('app.loadFailed')}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

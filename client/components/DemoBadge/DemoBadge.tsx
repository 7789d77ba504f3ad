import { useI18n } from '../../i18n/index.tsx';
import './DemoBadge.css';

/** The "illustrative data" warning, shown whenever demo data is loaded. */
export function DemoBadge({ variant = 'header' }: { variant?: 'header' | 'map' }) {
  const { t } = useI18n();
  return (
    <span className={`demo-badge demo-badge--${variant}`} title={t('demo.tooltip')} data-testid={`demo-badge-${variant}`} role="status">
      <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
        <path d="M8 1.5 15 14H1L8 1.5Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        <path d="M8 6v3.6M8 11.4v.1" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      {variant === 'map' ? t('demo.badgeShort') : t('demo.badge')}
    </span>
  );
}

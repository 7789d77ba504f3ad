import type { ReactNode } from 'react';
import { useI18n, type Lang } from '../../i18n/index.tsx';
import { DemoBadge } from '../DemoBadge/DemoBadge.tsx';
import './Header.css';

interface Props {
  demo: boolean;
  onLang: (lang: Lang) => void;
  panelOpen: boolean;
  onTogglePanel: () => void;
  /** The account corner (sign-in / who is signed in). */
  account?: ReactNode;
}

export function Header({ demo, onLang, panelOpen, onTogglePanel, account }: Props) {
  const { t, lang } = useI18n();
  return (
    <header className="app-header">
      <button type="button" className="app-header__menu" aria-expanded={panelOpen} aria-controls="sidebar" onClick={onTogglePanel} data-testid="panel-toggle">
        <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
          <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        <span>{t('app.menu')}</span>
      </button>
      <div className="app-header__brand">
        <svg className="app-header__logo" aria-hidden="true" viewBox="0 0 32 32" width="30" height="30">
          <rect x="1" y="1" width="30" height="30" rx="7" fill="#ffffff" opacity="0.12" />
          <path d="M6 21c4-1 6-6 10-6s6 4 10 3" fill="none" stroke="#9fd3c7" strokeWidth="2.2" strokeLinecap="round" />
          <path d="M6 14c4-1 6-5 10-5s6 3 10 2" fill="none" stroke="#ffffff" strokeWidth="2.2" strokeLinecap="round" opacity="0.85" />
          <rect x="11" y="18" width="10" height="8" fill="none" stroke="#e8c28a" strokeWidth="1.8" />
        </svg>
        <div>
          <h1 className="app-header__title">{t('app.title')}</h1>
          <p className="app-header__subtitle" title={t('app.subtitle')}>
            {t('app.subtitle')}
          </p>
        </div>
      </div>
      <div className="app-header__tools">
        {demo && <DemoBadge />}
        <button
          type="button"
          className="lang-switch"
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          aria-label={`${t('lang.label')}: ${t('lang.switch')}`}
          onClick={() => onLang(lang === 'zh' ? 'en' : 'zh')}
          data-testid="lang-switch"
        >
          {t('lang.switch')}
        </button>
        {account}
      </div>
    </header>
  );
}

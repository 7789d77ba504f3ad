/**
 * The save-time notice: after a create, edit, restore, import or undo whose saved features break a
 * rule of the plan (违规) or cannot be decided for (待核查), which rules, with their article. The
 * write has gone through; the notice says what the analysis tab will now list.
 */
import { useEffect } from 'react';
import { useWriteWarnings } from '../../hooks/writeFeedback.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import './WriteWarnings.css';

export function WriteWarnings() {
  const { t, pick, article, num } = useI18n();
  const { notice, dismiss } = useWriteWarnings();
  useEffect(() => {
    if (!notice) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && dismiss();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [notice, dismiss]);
  if (!notice) return null;
  const breaks = notice.warnings.some((w) => w.outcome === 'violation');
  return (
    <section
      className={`write-warnings${breaks ? ' write-warnings--violation' : ''}`}
      role="status"
      aria-live="polite"
      data-testid="write-warnings"
      data-kind={notice.kind}
    >
      <header className="write-warnings__head">
        <h2>{t(breaks ? 'writeWarnings.titleViolation' : 'writeWarnings.titleUnverified')}</h2>
        <CloseButton label={t('writeWarnings.close')} onClick={dismiss} testId="write-warnings-close" />
      </header>
      <p className="write-warnings__saved">{t('writeWarnings.saved')}</p>
      <ul className="write-warnings__list">
        {notice.warnings.map((w) => (
          <li key={`${w.rule}:${w.outcome}`} className={`write-warnings__item write-warnings__item--${w.outcome}`} data-rule={w.rule} data-outcome={w.outcome}>
            <strong className="write-warnings__tag">{t(w.outcome === 'violation' ? 'outcome.violation' : 'outcome.unverified')}</strong>
            <span className="write-warnings__article">{article(w.article)}</span> {pick(w.title)}
            {w.count > 1 && <span className="write-warnings__count">{t('writeWarnings.count', { n: num(w.count) })}</span>}
          </li>
        ))}
      </ul>
      <p className="write-warnings__hint">{t('writeWarnings.hint')}</p>
    </section>
  );
}

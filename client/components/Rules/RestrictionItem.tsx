import { useI18n } from '../../i18n/index.tsx';
import './Rules.css';

/**
 * One of the plan's restrictions as a list item: its article as a chip, then the text in the UI
 * language; a restriction limited in time says so when it is not in force at the checked moment.
 */
export function RestrictionItem({ restriction }: { restriction: { article: string; zh: string; en: string; inForce?: boolean } }) {
  const { lang, article, t } = useI18n();
  return (
    <li className="rule" data-in-force={restriction.inForce === false ? 'false' : undefined}>
      <span className="article-chip article-chip--strong">{article(restriction.article)}</span>
      <span>
        {lang === 'zh' ? restriction.zh : restriction.en}
        {restriction.inForce === false && <span className="muted"> {t('check.notInForce')}</span>}
      </span>
    </li>
  );
}

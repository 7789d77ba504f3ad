import { useI18n } from '../../i18n/index.tsx';

/** One of the plan's restrictions as a list item: its article as a chip, then the text in the UI language. */
export function RestrictionItem({ restriction }: { restriction: { article: string; zh: string; en: string } }) {
  const { lang, article } = useI18n();
  return (
    <li className="rule">
      <span className="article-chip article-chip--strong">{article(restriction.article)}</span>
      <span>{lang === 'zh' ? restriction.zh : restriction.en}</span>
    </li>
  );
}

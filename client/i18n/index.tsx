/**
 * The i18n layer: every user-visible string goes through `t` (static text) or `pick` (bilingual
 * text from the server). zh-CN is the default; the choice lives in the URL and in localStorage.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en } from './en.ts';
import { zhCN, type MessageKey, type Messages } from './zh-CN.ts';
import type { Bilingual } from '../api/types.ts';
import { formatArticle, formatArticles, type ArticleWords } from '../lib/articles.ts';

export type Lang = 'zh' | 'en';
export type { MessageKey } from './zh-CN.ts';

const CATALOGS: Record<Lang, Messages> = { zh: zhCN, en };

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = CATALOGS[lang][key] ?? zhCN[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** A message in both languages, for values that carry their own text (errors, fallbacks). */
export function bilingual(key: MessageKey, params?: Record<string, string | number>): Bilingual {
  return { zh: translate('zh', key, params), en: translate('en', key, params) };
}

export interface I18n {
  lang: Lang;
  /** BCP 47 tag for <html lang> and Intl. */
  locale: 'zh-CN' | 'en';
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  pick: (text: Bilingual | undefined | null) => string;
  num: (value: number, digits?: number) => string;
  /** A plan article reference in words: 第6条 / Art. 6, 保障措施第（二）项. */
  article: (ref: string) => string;
  /** Several references, the articles merged: 第4、6、12、13条. */
  articles: (refs: readonly string[]) => string[];
}

const articleWords = (lang: Lang): ArticleWords => ({
  format: translate(lang, 'article.format'),
  join: translate(lang, 'article.join'),
  safeguards: translate(lang, 'article.safeguards'),
  chineseNumerals: lang === 'zh',
});

export function makeI18n(lang: Lang): I18n {
  const locale = lang === 'zh' ? 'zh-CN' : 'en';
  // one formatter per number of digits: building an Intl.NumberFormat costs far more than using
  // one, and the layer panel formats every count on every render (tens of ms a page load)
  const formats = new Map<number | undefined, Intl.NumberFormat>();
  const format = (digits: number | undefined) => {
    let f = formats.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(locale, digits === undefined ? {} : { maximumFractionDigits: digits, minimumFractionDigits: 0 });
      formats.set(digits, f);
    }
    return f;
  };
  return {
    lang,
    locale,
    t: (key, params) => translate(lang, key, params),
    pick: (text) => (text ? (lang === 'zh' ? text.zh : text.en) || text.zh : ''),
    article: (ref) => formatArticle(ref, articleWords(lang)),
    articles: (refs) => formatArticles(refs, articleWords(lang)),
    num: (value, digits) => format(digits).format(value),
  };
}

const I18nContext = createContext<I18n>(makeI18n('zh'));

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function isLang(v: unknown): v is Lang {
  return v === 'zh' || v === 'en';
}

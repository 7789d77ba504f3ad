/** The application: the language (link, then the saved choice, then Chinese) around the workspace. */
import { useEffect, useState } from 'react';
import { readUrlState } from '../hooks/useUrlState.ts';
import { I18nProvider, isLang, type Lang } from '../i18n/index.tsx';
import type { UrlState } from '../lib/urlState.ts';
import { Workspace } from './Workspace/Workspace.tsx';

const LANG_KEY = 'pingcheng.lang';

function initialLang(url: UrlState): Lang {
  if (url.lang) return url.lang;
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* storage blocked */
  }
  return 'zh';
}

export function App() {
  const [url] = useState(readUrlState);
  const [lang, setLang] = useState<Lang>(() => initialLang(url));
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* storage blocked */
    }
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <Workspace url={url} onLang={setLang} />
    </I18nProvider>
  );
}

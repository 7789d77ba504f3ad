/** Search a site by name, permit or registration number; pick a hit with the mouse or the keyboard. */
import { useId, useState, type KeyboardEvent } from 'react';
import type { LayerInfo, SearchHit } from '../../api/types.ts';
import { useSearch } from '../../hooks/useSearch.ts';
import { useI18n } from '../../i18n/index.tsx';

export function SiteSearch({ layers, onPick }: { layers: readonly LayerInfo[]; onPick: (hit: SearchHit) => void }) {
  const { t, pick } = useI18n();
  const uid = useId();
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const state = useSearch(q);
  const hits = state.status === 'ok' ? state.hits : [];
  const byId = new Map(layers.map((l) => [l.id, l]));

  const choose = (hit: SearchHit) => {
    setOpen(false);
    onPick(hit);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      const hit = hits[active];
      if (hit) {
        e.preventDefault();
        choose(hit);
      }
    } else if (e.key === 'Escape') setOpen(false);
  };

  const showList = open && q.trim() !== '';
  return (
    <div className="site-search">
      <label htmlFor={`${uid}-q`} className="visually-hidden">
        {t('check.searchLabel')}
      </label>
      <div className="site-search__box">
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
          <path d="M13 13l4 4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        <input
          id={`${uid}-q`}
          type="search"
          role="combobox"
          aria-expanded={showList}
          aria-controls={`${uid}-list`}
          aria-autocomplete="list"
          {...(showList && hits[active] ? { 'aria-activedescendant': `${uid}-hit-${active}` } : {})}
          placeholder={t('check.searchPlaceholder')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKey}
          data-testid="site-search"
        />
      </div>
      {showList && (
        // a listbox of options (div, not ul/li: those are not interactive); focus stays in the combobox,
        // the active option is its aria-activedescendant, so options are focusable only by script
        <div id={`${uid}-list`} role="listbox" className="site-search__list" data-testid="search-results">
          {state.status === 'searching' && <div className="site-search__note">{t('check.searching')}</div>}
          {state.status === 'ok' && hits.length === 0 && <div className="site-search__note">{t('check.searchNone')}</div>}
          {hits.map((hit, i) => {
            const layer = byId.get(hit.layer);
            return (
              <div
                key={`${hit.layer}:${hit.id}`}
                id={`${uid}-hit-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={`site-search__hit${i === active ? ' is-active' : ''}`}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(hit);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="site-search__dot" style={{ background: layer?.color ?? '#888' }} aria-hidden="true" />
                <span className="site-search__name">{hit.name}</span>
                <span className="site-search__meta">
                  {layer ? pick(layer.title) : hit.layer}
                  {hit.code ? ` · ${hit.code}` : ''}
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

/**
 * Download layers (GeoJSON, CSV, KML, Shapefile): the visible ones (or all), whole or the current view;
 * CSV and KML optionally with Chinese headers and values in words.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useExportLinks, type Bbox, type ExportFormatId } from '../../hooks/useExportLinks.ts';
import type { LayerInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import './ExportMenu.css';

export function ExportMenu({ layers, visible, viewBbox }: { layers: readonly LayerInfo[]; visible: ReadonlySet<string>; viewBbox: Bbox | null }) {
  const { t, pick, num } = useI18n();
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [onlyVisible, setOnlyVisible] = useState(true);
  const [viewOnly, setViewOnly] = useState(false);
  const [labelsZh, setLabelsZh] = useState(false);
  const [format, setFormat] = useState<ExportFormatId>('geojson');
  const root = useRef<HTMLDivElement>(null);
  const { formats, url, fileName, offersLabels } = useExportLinks();
  const fmt = formats.find((f) => f.id === format) ?? formats[0];

  // while open: a press outside or Escape closes it
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDoc);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const list = layers.filter((l) => !onlyVisible || visible.has(l.id));
  return (
    <div className="export-menu" ref={root}>
      <button
        type="button"
        className="map-button"
        aria-expanded={open}
        aria-controls={`${uid}-menu`}
        onClick={() => setOpen((v) => !v)}
        data-testid="export-button"
      >
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path d="M10 3v9M6 8.5 10 12.5 14 8.5M4 15.5h12" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span>{t('export.button')}</span>
      </button>
      {open && (
        <div id={`${uid}-menu`} className="popover export-menu__popover" data-testid="export-menu">
          <h2 className="popover__title">{t('export.title')}</h2>
          <div className="segmented" role="radiogroup" aria-label={t('export.format')}>
            {formats.map((f) => (
              <label key={f.id} className={`segmented__item${format === f.id ? ' is-on' : ''}`}>
                <input
                  type="radio"
                  name={`${uid}-fmt`}
                  value={f.id}
                  checked={format === f.id}
                  onChange={() => setFormat(f.id)}
                  data-testid={`export-format-${f.id}`}
                />
                {f.label}
              </label>
            ))}
          </div>
          <p className="popover__hint">{t('export.hint')}</p>
          <label className="check-option">
            <input type="checkbox" checked={onlyVisible} onChange={(e) => setOnlyVisible(e.target.checked)} />
            {t('export.visibleOnly')}
          </label>
          <label className="check-option">
            <input type="checkbox" checked={viewOnly} onChange={(e) => setViewOnly(e.target.checked)} disabled={!viewBbox} data-testid="export-view-only" />
            {t('export.viewOnly')}
          </label>
          <label className="check-option">
            <input
              type="checkbox"
              checked={labelsZh}
              onChange={(e) => setLabelsZh(e.target.checked)}
              disabled={!offersLabels(format)}
              data-testid="export-labels-zh"
            />
            {t('export.labelsZh')}
          </label>
          {list.length === 0 ? (
            <p className="muted">{t('export.none')}</p>
          ) : (
            <ul className="export-menu__list">
              {list.map((l) => (
                <li key={l.id}>
                  <a
                    href={url(l.id, format, viewOnly && viewBbox ? viewBbox : undefined, labelsZh)}
                    download={fileName(l.id, format)}
                    data-testid={`export-${l.id}`}
                    onClick={() => setOpen(false)}
                  >
                    <span className="site-search__dot" style={{ background: l.color }} aria-hidden="true" />
                    <span className="export-menu__name">{pick(l.title)}</span>
                    <span className="export-menu__count">{num(l.featureCount)}</span>
                    <span className="export-menu__fmt">{fmt.label}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

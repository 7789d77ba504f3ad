/**
 * The screening's answer: counts by verdict (the map's colours), the file's notes, the downloads,
 * the result table (a row chosen here is highlighted on the map; each row prints its 核查报告) and
 * the rows the server could not read, with their row numbers.
 */
import { useEffect, useRef, useState } from 'react';
import type { BatchResponse, BatchResult } from '../../api/batch.ts';
import type { LayerInfo } from '../../api/types.ts';
import { BATCH_COLORS, verdictOf, type BatchState, type BatchVerdict } from '../../hooks/useBatch.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { StreetsDemoNote, StreetsDemoTag } from '../DemoBadge/StreetsDemo.tsx';

/** Rows drawn in the table; the downloads hold every row. */
const TABLE_MAX = 500;
const VERDICTS: readonly BatchVerdict[] = ['restricted', 'near', 'clear'];
const KNOWN_REJECTS = new Set(['INVALID_POINT', 'MISSING_COORDINATES', 'INVALID_COORDINATES', 'OUTSIDE_EXTENT']);

interface Props {
  state: BatchState;
  result: BatchResponse;
  layers: readonly LayerInfo[];
}

export function BatchResults({ state, result, layers }: Props) {
  const { t, pick, num } = useI18n();
  const ref = useRef<HTMLElement>(null);
  // the table over the map, beside the side panel: the sidebar's 360 px cramps eight columns
  const [wide, setWide] = useState(false);
  useEffect(() => {
    if (!wide) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setWide(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [wide]);
  // a new answer comes into view below the mapping step
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for each new answer
  useEffect(() => {
    // braces: Chromium's scrollIntoView returns a promise, which React would take for a clean-up;
    // no glide for those who asked for less motion (as the map and the stylesheet do)
    ref.current?.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }, [result]);
  const title = (id: string) => {
    const l = layers.find((x) => x.id === id);
    return l ? pick(l.title) : id;
  };
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<BatchVerdict, number>;
  for (const r of result.results) counts[verdictOf(r)]++;
  const nearest = (r: BatchResult): string => {
    const [layer, m] = Object.entries(r.distances).sort((a, b) => Math.abs(a[1]) - Math.abs(b[1]))[0] ?? [];
    if (layer === undefined || m === undefined) return '—';
    const metres = `${num(Math.abs(m), 0)} m`;
    return m <= 0 ? t('check.distanceInside', { layer: title(layer), m: metres }) : t('check.distanceOutside', { layer: title(layer), m: metres });
  };
  return (
    <section ref={ref} className="batch-results" aria-labelledby="batch-results-title" data-testid="batch-results">
      <h3 id="batch-results-title">{t('batch.results')}</h3>
      <ul className="batch-counts" data-testid="batch-counts">
        {VERDICTS.map((v) => (
          <li key={v} data-verdict={v} data-value={counts[v]}>
            <span className="batch-dot" style={{ background: BATCH_COLORS[v] }} aria-hidden="true" />
            {t(`batch.verdict.${v}` as MessageKey)}：<strong>{num(counts[v])}</strong>
          </li>
        ))}
        <li data-verdict="rejected" data-value={result.rejected.length}>
          <span className="batch-dot batch-dot--rejected" aria-hidden="true" />
          {t('batch.rejected')}：<strong>{num(result.rejected.length)}</strong>
        </li>
      </ul>
      {result.warnings.length > 0 && (
        <ul className="batch-notes" data-testid="batch-notes">
          {result.warnings.map((w) => (
            <li key={w.code} data-code={w.code}>
              {pick(w)}
            </li>
          ))}
        </ul>
      )}
      <div className="batch-actions no-print">
        <button type="button" className="button" onClick={() => void state.download('xlsx')} disabled={!!state.downloading} data-testid="batch-download-xlsx">
          {t('batch.downloadXlsx')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void state.download('geojson')}
          disabled={!!state.downloading}
          data-testid="batch-download-geojson"
        >
          {t('batch.downloadGeojson')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => window.print()}>
          {t('batch.print')}
        </button>
        <button
          type="button"
          className="button button--quiet batch-wide-toggle"
          aria-pressed={wide}
          aria-controls="batch-table-panel"
          onClick={() => setWide(!wide)}
          data-testid="batch-wide"
        >
          {wide ? t('batch.narrow') : t('batch.wide')}
        </button>
      </div>
      <div id="batch-table-panel" className={wide ? 'batch-table-panel is-wide' : 'batch-table-panel'} data-testid="batch-table-panel">
        <div className="batch-table-panel__bar">
          <strong>{t('batch.results')}</strong>
          <span className="muted">{t('batch.wideHint', { n: num(result.results.length) })}</span>
          <button type="button" className="icon-button" onClick={() => setWide(false)} aria-label={t('batch.narrow')} data-testid="batch-wide-close">
            ×
          </button>
        </div>
        <div className="batch-table-wrap">
          <table className="batch-table" data-testid="batch-table">
            <thead>
              <tr>
                <th scope="col">{t('batch.col.row')}</th>
                <th scope="col">{t('batch.col.name')}</th>
                <th scope="col">{t('batch.col.verdict')}</th>
                <th scope="col">{t('batch.col.zones')}</th>
                <th scope="col">{t('batch.col.distance')}</th>
                <th scope="col">
                  {t('batch.col.street')}
                  <StreetsDemoTag />
                </th>
                <th scope="col">{t('batch.col.warnings')}</th>
                <th scope="col" className="no-print">
                  {t('batch.col.report')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.results.slice(0, TABLE_MAX).map((r) => {
                const v = verdictOf(r);
                return (
                  <tr
                    key={r.row}
                    data-row={r.row}
                    data-verdict={v}
                    aria-selected={state.selected === r.row}
                    className={state.selected === r.row ? 'is-selected' : undefined}
                    onClick={() => state.select(state.selected === r.row ? null : r.row)}
                  >
                    <td>{r.row}</td>
                    <td>{r.name ?? r.id ?? '—'}</td>
                    <td>
                      <span className="batch-dot" style={{ background: BATCH_COLORS[v] }} aria-hidden="true" />
                      {v === 'restricted' ? t('batch.verdict.rules', { n: r.rules.length }) : t(`batch.verdict.${v}` as MessageKey)}
                    </td>
                    <td>
                      {r.zones
                        .filter((z) => z.layer !== 'streets')
                        .map((z) => z.name)
                        .join('、') || '—'}
                    </td>
                    <td>{nearest(r)}</td>
                    <td>{r.street?.name ?? '—'}</td>
                    <td title={r.warnings.map((w) => pick(w)).join('\n')}>{r.warnings.length > 0 ? r.warnings.map((w) => pick(w)).join('；') : '—'}</td>
                    <td className="no-print">
                      <a href={state.reportUrl(r)} target="_blank" rel="noopener" onClick={(e) => e.stopPropagation()} data-testid="batch-report">
                        {t('batch.report')}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      <StreetsDemoNote />
      {result.results.length > TABLE_MAX && <p className="muted">{t('batch.tableTruncated', { n: TABLE_MAX })}</p>}
      {result.rejected.length > 0 && (
        <table className="batch-table batch-table--rejected" data-testid="batch-rejected">
          <caption>{t('batch.rejectedCaption', { n: result.rejected.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('batch.col.row')}</th>
              <th scope="col">{t('batch.col.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rejected.slice(0, TABLE_MAX).map((r) => (
              <tr key={r.row} data-row={r.row} data-code={r.code}>
                <td>{r.row}</td>
                <td>{KNOWN_REJECTS.has(r.code) ? `${t(`batch.reject.${r.code}` as MessageKey)}（${r.reason}）` : r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

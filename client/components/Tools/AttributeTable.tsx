/**
 * 属性表: one layer's features as rows — every attribute in words, sorted by a column, filtered by
 * text, a row brought into view (and inspected), the filtered rows downloaded as GeoJSON or CSV.
 * Sorting and filtering apply to every row of the layer; the rows are shown a page at a time.
 */
import { useId, useMemo, useState } from 'react';
import type { Feature, LayerInfo } from '../../api/types.ts';
import { useBlobUrl } from '../../hooks/useBlobUrl.ts';
import { useLayerFeatures } from '../../hooks/useLayerFeatures.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatValue, type Words } from '../../lib/format.ts';
import { withDemoColumn } from '../../lib/demo.ts';
import { pageWindow } from '../../lib/paging.ts';
import { rowsToCsv, rowsToGeoJson } from '../../lib/spatial.ts';
import { DataTable, ResultActions } from '../DataTable/DataTable.tsx';
import { FeatureDemoTag } from '../DemoBadge/StreetsDemo.tsx';

const PAGE_ROWS = 100;

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'zh-CN', { numeric: true });
}

export function AttributeTable({ layer, onOpen }: { layer: LayerInfo; onOpen: (layer: string, f: Feature) => void }) {
  const { t, pick, lang, num } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: 'id', desc: false });
  const [page, setPage] = useState(0);
  const one = useMemo(() => [layer], [layer]);
  const data = useLayerFeatures(one);
  const words: Words = useMemo(() => ({ lang, yes: t('value.yes'), no: t('value.no'), empty: '', number: (v) => num(v, 2) }), [lang, t, num]);
  const columns = useMemo(
    () => [{ key: 'name', label: t('tools.col.name') }, ...layer.attributes.filter((a) => a.key !== 'name').map((a) => ({ key: a.key, label: pick(a.label) }))],
    [layer, pick, t],
  );
  const defs = useMemo(() => new Map(layer.attributes.map((a) => [a.key, a])), [layer]);

  const all = data.status === 'ok' ? (data.byLayer.get(layer.id)?.features ?? []) : null;
  const shown = useMemo(() => {
    if (!all) return null;
    const q = query.trim().toLowerCase();
    const text = (f: Feature) => [String(f.id), ...columns.map((c) => formatValue(defs.get(c.key), f.properties[c.key], words))].join(' ').toLowerCase();
    const rows = q ? all.filter((f) => text(f).includes(q)) : [...all];
    const value = (f: Feature) => (sort.key === 'id' ? f.id : f.properties[sort.key]);
    rows.sort((a, b) => compare(value(a), value(b)) * (sort.desc ? -1 : 1));
    return rows;
  }, [all, query, sort, columns, defs, words]);

  const exported = useMemo(() => shown?.map((feature) => ({ layer: layer.id, feature })) ?? null, [shown, layer.id]);
  const geojson = useBlobUrl(exported ? rowsToGeoJson(exported) : null, 'application/geo+json');
  const csv = useBlobUrl(exported ? rowsToCsv(exported, withDemoColumn(exported, columns, t('inspector.demo'))) : null, 'text/csv;charset=utf-8');

  const header = (key: string, label: string) => (
    <button
      type="button"
      className="link-button"
      onClick={() => {
        setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }));
        setPage(0);
      }}
      data-testid={`attr-sort-${key}`}
    >
      {label}
      {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
    </button>
  );

  if (data.status === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (data.status === 'error' || !shown || !all) return <p className="error-box">{t('analysis.loadFailed')}</p>;
  const w = pageWindow(shown.length, page, PAGE_ROWS);
  const pager = w.pages > 1 && (
    <nav className="attr-pager" aria-label={t('tools.pages')} data-testid="attr-pager" data-page={w.page + 1} data-pages={w.pages}>
      <button type="button" className="button button--quiet" disabled={w.page === 0} onClick={() => setPage(w.page - 1)} data-testid="attr-prev">
        {t('tools.prevPage')}
      </button>
      <span className="attr-pager__where">{t('tools.page', { page: num(w.page + 1), pages: num(w.pages), from: num(w.from + 1), to: num(w.to) })}</span>
      <button type="button" className="button button--quiet" disabled={w.page >= w.pages - 1} onClick={() => setPage(w.page + 1)} data-testid="attr-next">
        {t('tools.nextPage')}
      </button>
    </nav>
  );
  return (
    <div className="attr-browser" data-testid="attr-table-box">
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('tools.filter')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(0);
          }}
          data-testid="attr-filter"
        />
      </div>
      <p className="muted" data-testid="attr-count" data-shown={shown.length} data-total={all.length}>
        {t('tools.rows', { shown: num(shown.length), total: num(all.length) })}
      </p>
      {geojson && csv && (
        <ResultActions
          downloads={[
            { href: geojson, label: t('tools.downloadGeojson'), testId: 'attr-download-geojson', filename: `${layer.id}-filtered.geojson` },
            { href: csv, label: t('tools.downloadCsv'), testId: 'attr-download-csv', filename: `${layer.id}-filtered.csv`, quiet: true },
          ]}
        />
      )}
      {pager}
      <DataTable head={[header('id', 'ID'), ...columns.map((c) => header(c.key, c.label))]} testId="attr-table">
        {shown.slice(w.from, w.to).map((f) => (
          <tr key={f.id} data-testid={`attr-row-${f.id}`}>
            <th scope="row">
              <button type="button" className="link-button" onClick={() => onOpen(layer.id, f)} title={t('tools.zoomTo')} data-testid={`attr-zoom-${f.id}`}>
                {f.id}
              </button>
            </th>
            {columns.map((c) => (
              <td key={c.key}>
                {formatValue(defs.get(c.key), f.properties[c.key], words)}
                {c.key === 'name' && <FeatureDemoTag props={f.properties} />}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

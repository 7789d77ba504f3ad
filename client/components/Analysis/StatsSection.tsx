/** Zone areas and overlaps, and site counts per zone layer and per street office, as charts and tables. */
import { type ComponentProps, lazy, Suspense, useCallback, useMemo } from 'react';
import type { StatsResponse } from '../../api/stats.ts';
import type { LayerInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatArea, formatPct } from '../../lib/area.ts';
import type { BarChart as EagerBarChart, BarSeries } from '../Charts/BarChart.tsx';
import { DataTable } from '../DataTable/DataTable.tsx';
import { StreetsDemoNote } from '../DemoBadge/StreetsDemo.tsx';

// Chart.js is loaded when the statistics are first shown, not with the first page (issue #18).
const LazyBarChart = lazy(() => import('../Charts/BarChart.tsx').then((m) => ({ default: m.BarChart })));
function BarChart(props: ComponentProps<typeof EagerBarChart>) {
  return (
    <Suspense fallback={<div style={{ height: props.height ?? 220 }} />}>
      <LazyBarChart {...props} />
    </Suspense>
  );
}

interface Props {
  data: StatsResponse | null;
  layers: readonly LayerInfo[];
  /** Charts are drawn only while the section shows (a hidden canvas has no size). */
  visible: boolean;
}

export function StatsSection({ data, layers, visible }: Props) {
  const { t, pick, num } = useI18n();
  const byId = useMemo(() => new Map(layers.map((l) => [l.id, l])), [layers]);
  const title = useCallback(
    (id: string) => {
      const l = byId.get(id);
      return l ? pick(l.title) : id;
    },
    [byId, pick],
  );
  const siteLayers = useMemo(() => (data ? Object.keys(data.siteTotals) : []), [data]);

  // Chart inputs are memoised on the data and the language: a new array would rebuild the chart.
  const zoneChart = useMemo(() => {
    if (!data) return null;
    const labels = data.zoneLayers.map((z) => title(z.layer));
    const series: BarSeries[] = [
      {
        label: t('analysis.stats.areaKm2'),
        data: data.zoneLayers.map((z) => Math.round(z.areaM2 / 1e4) / 100),
        color: data.zoneLayers.map((z) => byId.get(z.layer)?.color ?? '#888'),
      },
    ];
    return { labels, series };
  }, [data, byId, title, t]);
  const streetChart = useMemo(() => {
    if (!data) return null;
    const shown = siteLayers.filter((id) => (data.siteTotals[id] ?? 0) > 0);
    const rows = data.sitesByStreet.filter((s) => shown.some((id) => (s.counts[id] ?? 0) > 0));
    const labels = rows.map((s) => s.name);
    const series: BarSeries[] = shown.map((id) => ({ label: title(id), data: rows.map((s) => s.counts[id] ?? 0), color: byId.get(id)?.color ?? '#888' }));
    return { labels, series, height: Math.max(200, rows.length * 26 + 90) };
  }, [data, byId, siteLayers, title]);

  if (!data) return <p className="muted pad">{t('app.loading')}</p>;
  const overlaps = data.overlaps.filter((o) => o.sharePct !== null && o.areaM2 > 0);
  const zoneLayers = data.sitesByZoneLayer.map((z) => z.zoneLayer);

  return (
    <div className="analysis__section" data-testid="stats">
      <h3 className="analysis__h">{t('analysis.stats.zones')}</h3>
      {visible && zoneChart && (
        <BarChart
          labels={zoneChart.labels}
          series={zoneChart.series}
          title={t('analysis.stats.zonesChart')}
          format={(v) => `${num(v, 2)} km²`}
          height={180}
          testId="chart-zones"
        />
      )}
      <DataTable head={[t('analysis.col.layer'), t('analysis.col.features'), t('analysis.col.area')]} testId="stats-zones">
        {data.zoneLayers.map((z) => (
          <tr key={z.layer}>
            <th scope="row">{title(z.layer)}</th>
            <td>{num(z.featureCount)}</td>
            <td>{formatArea(z.areaM2, num)}</td>
          </tr>
        ))}
      </DataTable>

      <h3 className="analysis__h">{t('analysis.stats.overlaps')}</h3>
      <ul className="overlap-list" data-testid="stats-overlaps">
        {overlaps.map((o) => (
          <li key={`${o.layer}>${o.within}`} data-testid={`overlap-${o.layer}-${o.within}`}>
            <span className="overlap-list__text">{t('analysis.stats.overlap', { layer: title(o.layer), within: title(o.within) })}</span>
            <span className="mini-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, o.sharePct ?? 0)}%` }} />
            </span>
            <span className="overlap-list__pct">{formatPct(o.sharePct, num)}</span>
            <span className="overlap-list__area">{formatArea(o.areaM2, num)}</span>
          </li>
        ))}
      </ul>

      <h3 className="analysis__h">{t('analysis.stats.sitesByZone')}</h3>
      <DataTable
        head={[t('analysis.col.siteLayer'), t('analysis.col.total'), ...zoneLayers.map((z) => t('analysis.stats.inZone', { zone: title(z) }))]}
        testId="stats-sites-zones"
      >
        {siteLayers.map((id) => (
          <tr key={id}>
            <th scope="row">{title(id)}</th>
            <td>{num(data.siteTotals[id] ?? 0)}</td>
            {data.sitesByZoneLayer.map((z) => (
              <td key={z.zoneLayer}>{num(z.counts[id] ?? 0)}</td>
            ))}
          </tr>
        ))}
      </DataTable>

      <h3 className="analysis__h">{t('analysis.stats.sitesByStreet')}</h3>
      {visible && streetChart && (
        <BarChart
          labels={streetChart.labels}
          series={streetChart.series}
          title={t('analysis.stats.streetsChart')}
          horizontal
          stacked
          format={(v) => num(v)}
          height={streetChart.height}
          testId="chart-streets"
        />
      )}
      <StreetsDemoNote />
      <p className="analysis__foot">{t('analysis.stats.foot', { crs: data.areaCrs })}</p>
    </div>
  );
}

/** Clean-heating coverage of the built-up area against the plan's 100 % (art. 6), street by street, and the gaps. */
import type { CoverageResponse } from '../../api/coverage.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatArea, formatPct } from '../../lib/area.ts';
import type { LngLat } from '../../map/index.ts';
import { DataTable, ResultActions } from '../DataTable/DataTable.tsx';
import { StreetsDemoNote } from '../DemoBadge/StreetsDemo.tsx';

interface Props {
  data: CoverageResponse | null;
  showGaps: boolean;
  onShowGaps: (on: boolean) => void;
  /** Gap pieces drawn in the current map view (null while hidden or drawing). */
  gapsDrawn: number | null;
  /** Gap pieces loaded onto the map (null until loaded). */
  gapsLoaded: number | null;
  onLocate: (at: LngLat) => void;
  downloadUrl: string;
}

const MAX_UNCOVERED = 30;

export function CoverageSection({ data, showGaps, onShowGaps, gapsDrawn, gapsLoaded, onLocate, downloadUrl }: Props) {
  const { t, num, article } = useI18n();
  if (!data) return <p className="muted pad">{t('app.loading')}</p>;
  const area = (m2: number) => formatArea(m2, num);
  const pct = data.coveragePct;
  const streets = [...data.byStreet].filter((s) => s.builtUpM2 > 0).sort((a, b) => (a.coveragePct ?? 101) - (b.coveragePct ?? 101));
  const uncovered = data.uncovered.slice(0, MAX_UNCOVERED);

  return (
    <div className="analysis__section" data-testid="coverage">
      <p className="intro">{t('analysis.coverage.intro', { article: article('6') })}</p>

      <div className={`coverage-meter${data.targetMet ? ' is-met' : ''}`}>
        <div className="coverage-meter__head">
          <span className="coverage-meter__pct" data-testid="coverage-pct">
            {formatPct(pct, num)}
          </span>
          <span className="coverage-meter__target">{t('analysis.coverage.target', { target: `${num(data.target)} %` })}</span>
        </div>
        <div
          className="coverage-meter__bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct ?? 0}
          aria-label={t('analysis.coverage.pctLabel')}
        >
          <span style={{ width: `${Math.min(100, pct ?? 0)}%` }} />
        </div>
        <p className={`coverage-meter__verdict${data.targetMet ? '' : ' is-short'}`} data-testid="coverage-verdict">
          {data.targetMet ? t('analysis.coverage.met') : t('analysis.coverage.short', { gap: area(data.gapM2) })}
        </p>
        <dl className="coverage-facts">
          <div>
            <dt>{t('analysis.coverage.builtUp')}</dt>
            <dd data-testid="coverage-builtup">{area(data.builtUpAreaM2)}</dd>
          </div>
          <div>
            <dt>{t('analysis.coverage.covered')}</dt>
            <dd>{area(data.coveredM2)}</dd>
          </div>
          <div>
            <dt>{t('analysis.coverage.gap')}</dt>
            <dd data-testid="coverage-gap">{area(data.gapM2)}</dd>
          </div>
          <div>
            <dt>{t('analysis.coverage.outside')}</dt>
            <dd>{area(data.cleanHeatingOutsideM2)}</dd>
          </div>
        </dl>
      </div>

      <ResultActions
        showOnMap={{ checked: showGaps, onChange: onShowGaps, label: t('analysis.coverage.showGaps'), swatch: 'gap-swatch', testId: 'gaps-toggle' }}
        downloads={[{ href: downloadUrl, label: t('analysis.download.gaps'), testId: 'gaps-download' }]}
      />
      {showGaps && (
        <p className="muted analysis__status" role="status" data-testid="gaps-status" data-loaded={gapsLoaded ?? ''} data-drawn={gapsDrawn ?? ''}>
          {gapsLoaded === null ? t('analysis.coverage.gapsLoading') : t('analysis.coverage.gapsShown', { n: num(gapsLoaded) })}
        </p>
      )}

      <h3 className="analysis__h">{t('analysis.coverage.byStreet')}</h3>
      <DataTable head={[t('analysis.col.street'), t('analysis.col.builtUp'), t('analysis.col.gap'), t('analysis.col.coverage')]} testId="coverage-streets">
        {streets.map((s) => (
          <tr key={s.id} className={s.gapM2 > 0 ? 'is-short' : undefined}>
            <th scope="row">{s.name}</th>
            <td>{area(s.builtUpM2)}</td>
            <td>{area(s.gapM2)}</td>
            <td>
              <span className="mini-bar" aria-hidden="true">
                <span style={{ width: `${Math.min(100, s.coveragePct ?? 0)}%` }} />
              </span>
              {formatPct(s.coveragePct, num)}
            </td>
          </tr>
        ))}
      </DataTable>
      <StreetsDemoNote />

      <h3 className="analysis__h">{t('analysis.coverage.uncovered', { n: num(data.uncovered.length) })}</h3>
      {data.uncovered.length === 0 ? (
        <p className="muted">{t('analysis.coverage.none')}</p>
      ) : (
        <ul className="gap-list" data-testid="coverage-uncovered">
          {uncovered.map((g) => (
            <li key={g.id}>
              <button
                type="button"
                className="gap-item"
                onClick={() => onLocate({ lng: g.lng, lat: g.lat })}
                aria-label={t('analysis.coverage.locate', { name: g.streetName ?? t('analysis.violations.noStreet') })}
              >
                <span className="gap-swatch" aria-hidden="true" />
                <span className="gap-item__name">{g.streetName ?? t('analysis.violations.noStreet')}</span>
                <span className="gap-item__area">{area(g.gapM2)}</span>
              </button>
            </li>
          ))}
          {data.uncovered.length > MAX_UNCOVERED && <li className="muted">{t('analysis.coverage.more', { n: num(data.uncovered.length - MAX_UNCOVERED) })}</li>}
        </ul>
      )}
      {data.uncovered.length > 0 && <StreetsDemoNote />}
      <p className="analysis__foot">{t('analysis.coverage.foot', { crs: data.areaCrs, noise: area(Math.max(0, data.gapNoiseM2)) })}</p>
    </div>
  );
}

/** Violations of the plan's rules: counts per rule and per street office, filters, the flagged sites, download. */
import { useMemo } from 'react';
import type { LayerInfo } from '../../api/types.ts';
import type { Rule, Violation, ViolationFilter, ViolationsResponse } from '../../api/violations.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { LngLat } from '../../map/index.ts';
import { ResultActions } from '../DataTable/DataTable.tsx';
import { RuleSelect, StreetSelect } from './FilterSelects.tsx';
import { StreetsDemoNote } from '../DemoBadge/StreetsDemo.tsx';

interface Street {
  code: string | null;
  name: string;
}

interface Props {
  rules: readonly Rule[];
  data: ViolationsResponse | null;
  streets: readonly Street[];
  layers: readonly LayerInfo[];
  filter: ViolationFilter;
  onFilter: (f: ViolationFilter) => void;
  showOnMap: boolean;
  onShowOnMap: (on: boolean) => void;
  onOpen: (layer: string, id: number, at: LngLat) => void;
  /** 立案: open a case for one rule at one site. */
  onOpenCase?: (v: Violation) => void;
  downloadUrl: string;
}

/** The flagged sites: one entry per site, with every rule it breaks. */
function bySite(violations: readonly Violation[]): { first: Violation; rules: Violation[] }[] {
  const out = new Map<string, { first: Violation; rules: Violation[] }>();
  for (const v of violations) {
    const key = `${v.layer}:${v.featureId}`;
    const have = out.get(key);
    if (have) have.rules.push(v);
    else out.set(key, { first: v, rules: [v] });
  }
  return [...out.values()];
}

export function ViolationsSection({ rules, data, streets, layers, filter, onFilter, showOnMap, onShowOnMap, onOpen, onOpenCase, downloadUrl }: Props) {
  const { t, pick, num, article } = useI18n();
  const layerById = useMemo(() => new Map(layers.map((l) => [l.id, l])), [layers]);
  const ruleById = useMemo(() => new Map(rules.map((r) => [r.id, r])), [rules]);
  const streetName = useMemo(() => new Map(streets.filter((s) => s.code).map((s) => [s.code!, s.name])), [streets]);
  const sites = useMemo(() => (data ? bySite(data.violations) : []), [data]);

  if (!data) return <p className="muted pad">{t('app.loading')}</p>;
  const counts = data.counts;
  const ruleIds = rules.map((r) => r.id).filter((id) => id in counts.byRule);
  const streetRows = Object.entries(counts.byStreet).sort((a, b) => b[1] - a[1]);
  const ruleTitle = (id: string) => {
    const r = ruleById.get(id);
    return r ? pick(r.title) : id;
  };

  return (
    <div className="analysis__section" data-testid="violations">
      <p className="intro">{t('analysis.violations.intro')}</p>

      <div className="analysis-total" data-testid="viol-total-box">
        <span className="analysis-total__num" data-testid="viol-total">
          {num(counts.total)}
        </span>
        <span className="analysis-total__label">{t('analysis.violations.total', { sites: num(sites.length) })}</span>
        <span className="analysis-total__label" data-testid="viol-by-outcome">
          {t('analysis.violations.byOutcome', { violation: num(counts.byOutcome.violation), unverified: num(counts.byOutcome.unverified) })}
        </span>
      </div>

      <div className="analysis-filters">
        <RuleSelect rules={rules} value={filter.rule} onChange={(rule) => onFilter({ ...filter, rule })} testId="viol-filter-rule" />
        <StreetSelect streets={streets} value={filter.street} onChange={(street) => onFilter({ ...filter, street })} testId="viol-filter-street" />
      </div>

      <h3 className="analysis__h">{t('analysis.violations.byRule')}</h3>
      <ul className="rule-counts" data-testid="viol-by-rule">
        {ruleIds.map((id) => {
          const n = counts.byRule[id] ?? 0;
          const r = ruleById.get(id);
          const on = filter.rule === id;
          return (
            <li key={id}>
              <button
                type="button"
                className={`rule-count${on ? ' is-on' : ''}`}
                aria-pressed={on}
                onClick={() => onFilter({ ...filter, rule: on ? undefined : id })}
                data-testid={`viol-rule-${id}`}
                data-count={n}
              >
                {r && <span className="article-chip">{article(r.article)}</span>}
                <span className="rule-count__title">{ruleTitle(id)}</span>
                <span className={`count-badge${n === 0 ? ' count-badge--zero' : ''}`} data-testid="count">
                  {num(n)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>

      <h3 className="analysis__h">{t('analysis.violations.byStreet')}</h3>
      <ul className="street-counts" data-testid="viol-by-street">
        {streetRows.map(([code, n]) => (
          <li key={code}>
            <button
              type="button"
              className={`street-count${filter.street === code ? ' is-on' : ''}`}
              aria-pressed={filter.street === code}
              onClick={() => onFilter({ ...filter, street: filter.street === code ? undefined : code })}
              data-testid={`viol-street-${code}`}
            >
              <span>{streetName.get(code) ?? code}</span>
              <span className="count-badge" data-testid="count">
                {num(n)}
              </span>
            </button>
          </li>
        ))}
        {counts.noStreet > 0 && (
          <li className="street-count street-count--static">
            <span>{t('analysis.violations.noStreet')}</span>
            <span className="count-badge">{num(counts.noStreet)}</span>
          </li>
        )}
        {streetRows.length === 0 && counts.noStreet === 0 && <li className="muted">{t('analysis.violations.none')}</li>}
      </ul>
      <StreetsDemoNote />

      <ResultActions
        showOnMap={{ checked: showOnMap, onChange: onShowOnMap, label: t('analysis.violations.showOnMap'), swatch: 'viol-swatch', testId: 'viol-show-map' }}
        downloads={[{ href: downloadUrl, label: t('analysis.download.violations'), testId: 'viol-download' }]}
      />

      <h3 className="analysis__h">{t('analysis.violations.list', { n: num(sites.length) })}</h3>
      {sites.length === 0 ? (
        <p className="muted">{t('analysis.violations.none')}</p>
      ) : (
        <ul className="viol-list" data-testid="viol-list">
          {sites.map(({ first, rules: broken }) => {
            const layer = layerById.get(first.layer);
            return (
              <li key={`${first.layer}:${first.featureId}`}>
                <button
                  type="button"
                  className="viol-item"
                  onClick={() => onOpen(first.layer, Number(first.featureId), { lng: first.lng, lat: first.lat })}
                  data-testid={`viol-item-${first.layer}-${first.featureId}`}
                  aria-label={t('analysis.violations.open', { name: first.name })}
                >
                  <span className="viol-item__dot" style={{ background: layer?.color ?? '#888' }} aria-hidden="true" />
                  <span className="viol-item__text">
                    <span className="viol-item__name">{first.name || `#${first.featureId}`}</span>
                    <span className="viol-item__meta">
                      {layer ? pick(layer.title) : first.layer}
                      {first.streetName ? ` · ${first.streetName}` : ''}
                    </span>
                    <span className="viol-item__rules">
                      {broken.map((v) => (
                        <span key={v.rule} className="viol-item__rule">
                          {v.outcome === 'unverified' && <span className="outcome__tag outcome__tag--unverified">{t('outcome.unverified')}</span>}{' '}
                          <span className="article-chip article-chip--strong">{article(v.article)}</span> {ruleTitle(v.rule)}
                        </span>
                      ))}
                    </span>
                  </span>
                </button>
                {onOpenCase && (
                  <span className="viol-open-case">
                    {broken.map((v) => (
                      <button
                        key={v.rule}
                        type="button"
                        className="button button--small"
                        onClick={() => onOpenCase(v)}
                        data-testid={`viol-open-case-${v.layer}-${v.featureId}-${v.rule}`}
                      >
                        {t('cases.open')} · {article(v.article)}
                      </button>
                    ))}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/**
 * The feature inspector: every attribute with its Chinese (or English) label and enumerations in
 * words, the zones the feature lies in (a site check at its point), the history slot and the edit button
 * (for users who may edit the layer).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { Feature, LayerInfo, Properties } from '../../api/types.ts';
import { useFeatureOutcomes } from '../../hooks/useFeatureOutcomes.ts';
import { useFeatureZones } from '../../hooks/useFeatureZones.ts';
import { useI18n } from '../../i18n/index.tsx';
import { RestrictionItem } from '../Rules/RestrictionItem.tsx';
import { styleFor } from '../../layers/index.ts';
import { attributeRows, type Row, type Words } from '../../lib/format.ts';
import { representativePoint } from '../../lib/geometry.ts';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import './Inspector.css';
import { StreetsDemoTag } from '../DemoBadge/StreetsDemo.tsx';

interface Props {
  layer: LayerInfo;
  feature: Feature | undefined;
  layers: readonly LayerInfo[];
  onClose: () => void;
  onCheckHere: (p: { lng: number; lat: number }) => void;
  onZone: (layer: string, id: number) => void;
  onZoomTo: (feature: Feature) => void;
  /** Offer "edit" (the signed-in user may edit this layer). */
  canEdit?: boolean;
  onEdit?: (feature: Feature) => void;
  /** Sections after the zones (the feature's history). */
  children?: ReactNode;
}

export function Inspector({ layer, feature, layers, onClose, onCheckHere, onZone, onZoomTo, canEdit, onEdit, children }: Props) {
  const { t, pick, lang, num } = useI18n();
  const closeRef = useRef<HTMLButtonElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the triggers: focus goes to the close button each time another feature is inspected
  useEffect(() => closeRef.current?.focus({ preventScroll: true }), [feature?.id, layer.id]);

  const words: Words = { lang, yes: t('value.yes'), no: t('value.no'), empty: t('inspector.empty'), number: (v) => num(v, 2) };
  const style = styleFor(layer);
  const rows = feature ? attributeRows(layer.attributes, feature.properties, words) : [];
  const sections = style.popup?.sections ?? [];
  const inSections = new Set(sections.flatMap((s) => s.keys));
  const rest = rows.filter((r) => !inSections.has(r.key));
  const subtitleKey = style.popup?.subtitleKey;
  const subtitle = subtitleKey ? rows.find((r) => r.key === subtitleKey) : undefined;
  const point = feature ? representativePoint(feature.geometry) : null;

  return (
    <aside className="floating-panel inspector" aria-label={pick(layer.title)} data-testid="inspector" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="inspector__head" style={{ borderTopColor: layer.color }}>
        <div>
          <p className="inspector__layer">
            <span className="inspector__dot" style={{ background: layer.color }} aria-hidden="true" />
            {pick(layer.title)}
            {feature?.properties.is_demo && <span className="demo-tag">{t('inspector.demo')}</span>}
          </p>
          <h2 className="inspector__title" data-testid="inspector-title">
            {feature ? String(feature.properties.name || `#${feature.id}`) : t('layer.loading')}
          </h2>
          {subtitle && subtitle.value !== words.empty && (
            <p className="inspector__subtitle">{t('value.pair', { label: subtitle.label, value: subtitle.value })}</p>
          )}
        </div>
        <CloseButton ref={closeRef} label={t('inspector.close')} onClick={onClose} testId="inspector-close" />
      </header>

      {feature && (
        <div className="inspector__body">
          {sections.map((s) => {
            const items = s.keys.map((k) => rows.find((r) => r.key === k)).filter((r): r is Row => !!r);
            if (!items.length) return null;
            if (s.display === 'table')
              return (
                <section key={s.title.zh} className="inspector__section">
                  <h3>{pick(s.title)}</h3>
                  <AttrTable rows={items} empty={words.empty} />
                </section>
              );
            return (
              <section key={s.title.zh} className="inspector__section">
                <h3>{pick(s.title)}</h3>
                <ul className="checklist">
                  {items.map((r) => (
                    <li key={r.key} className={r.flag === true ? 'is-yes' : r.flag === false ? 'is-no' : 'is-unknown'}>
                      <span className="checklist__mark" aria-hidden="true">
                        {r.flag === true ? '✓' : r.flag === false ? '✕' : '?'}
                      </span>
                      <span className="checklist__label">{r.label}</span>
                      <span className="checklist__value">{r.flag === null ? t('value.unknown') : r.value}</span>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}

          <section className="inspector__section">
            <h3>{t('inspector.attributes')}</h3>
            <AttrTable
              rows={[...rest, { key: '_id', label: t('inspector.id'), value: `${layer.id}/${feature.id}`, flag: null }]}
              empty={words.empty}
              testId="inspector-attributes"
            />
          </section>

          {layer.restrictions.length > 0 && (
            <section className="inspector__section">
              <h3>{t('inspector.restrictions')}</h3>
              <ol className="rules rules--compact">
                {layer.restrictions.map((r) => (
                  <RestrictionItem key={r.id} restriction={r} />
                ))}
              </ol>
            </section>
          )}

          {layer.group === 'sites' && <OutcomesOf feature={feature} layer={layer} layers={layers} words={words} />}

          <ZonesOf feature={feature} layer={layer} layers={layers} onZone={onZone} />

          {children}

          <div className="inspector__actions">
            {point && (
              <button type="button" className="button" onClick={() => onCheckHere({ lng: point[0], lat: point[1] })} data-testid="inspector-check">
                {t('inspector.checkHere')}
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={() => onZoomTo(feature)}>
              {t('inspector.zoomTo')}
            </button>
            {canEdit && onEdit ? (
              <button type="button" className="button" onClick={() => onEdit(feature)} data-testid="inspector-edit">
                {t('inspector.edit')}
              </button>
            ) : (
              // aria-disabled, not disabled: it stays focusable, so the title says why editing is not offered
              <button
                type="button"
                className="button button--quiet is-disabled"
                aria-disabled="true"
                title={t('inspector.editSoon')}
                data-testid="inspector-edit"
              >
                {t('inspector.edit')}
              </button>
            )}
          </div>
        </div>
      )}
    </aside>
  );
}

function AttrTable({ rows, empty, testId }: { rows: readonly Row[]; empty: string; testId?: string }) {
  return (
    <dl className="attr-table" data-testid={testId}>
      {rows.map((r) => (
        <div key={r.key} className="attr-table__row">
          <dt title={r.help}>
            {r.label}
            {r.help && <span className="attr-table__help">{r.help}</span>}
          </dt>
          <dd className={r.value === empty ? 'muted' : r.key === '_id' ? 'mono' : undefined}>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The feature's rule outcomes: 违规 (the recorded attributes break the rule) or 待核查 (a deciding
 * attribute is not recorded), each with the rule's title, article, explanation and the values that decided it.
 */
function OutcomesOf({ feature, layer, layers, words }: { feature: Feature; layer: LayerInfo; layers: readonly LayerInfo[]; words: Words }) {
  const { t, pick, article } = useI18n();
  const state = useFeatureOutcomes(layer.id, feature);
  const zoneAttributes = layers.filter((l) => l.group === 'zones').flatMap((l) => l.attributes);
  const evidenceRows = (evidence: Record<string, unknown>): Row[] => {
    const site = Object.fromEntries(Object.entries(evidence).filter(([k]) => !k.startsWith('zone.'))) as Properties;
    const rows = attributeRows(
      layer.attributes.filter((d) => d.key in site),
      site,
      words,
    );
    for (const [k, v] of Object.entries(evidence)) {
      if (!k.startsWith('zone.')) continue;
      const def = zoneAttributes.find((d) => d.key === k.slice(5));
      const [row] = attributeRows(def ? [def] : [], def ? ({ [def.key]: v } as Properties) : {}, words);
      rows.push({ key: k, label: t('inspector.outcomeZoneAttr', { label: row?.label ?? k.slice(5) }), value: row?.value ?? String(v), flag: null });
    }
    return rows;
  };
  return (
    <section className="inspector__section" data-testid="inspector-outcomes">
      <h3>{t('inspector.outcomes')}</h3>
      {state.status === 'loading' && <p className="muted">{t('inspector.outcomesLoading')}</p>}
      {state.status === 'error' && <p className="muted">{t('error.generic')}</p>}
      {state.status === 'ok' && state.result.violations.length === 0 && <p className="muted">{t('inspector.outcomesNone')}</p>}
      {state.status === 'ok' && state.result.violations.length > 0 && (
        <ol className="rules rules--compact">
          {state.result.violations.map((v) => {
            const rule = state.result.rules?.find((r) => r.id === v.rule);
            return (
              <li key={v.rule} className={`outcome outcome--${v.outcome}`} data-outcome={v.outcome}>
                <p>
                  <strong className={`outcome__tag outcome__tag--${v.outcome}`}>
                    {t(v.outcome === 'violation' ? 'outcome.violation' : 'outcome.unverified')}
                  </strong>{' '}
                  {rule ? pick(rule.title) : v.rule} <span className="muted">{article(v.article)}</span>
                </p>
                {rule && <p className="outcome__explanation">{pick(rule.explanation)}</p>}
                <AttrTable rows={evidenceRows(v.evidence)} empty={words.empty} />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function ZonesOf({
  feature,
  layer,
  layers,
  onZone,
}: {
  feature: Feature;
  layer: LayerInfo;
  layers: readonly LayerInfo[];
  onZone: (layer: string, id: number) => void;
}) {
  const { t, pick, lang, article } = useI18n();
  const state = useFeatureZones(feature);
  const byId = new Map(layers.map((l) => [l.id, l]));
  return (
    <section className="inspector__section" data-testid="inspector-zones">
      <h3>{t('inspector.zones')}</h3>
      {state.status === 'loading' && <p className="muted">{t('inspector.zonesLoading')}</p>}
      {state.status === 'error' && <p className="muted">{t('error.generic')}</p>}
      {state.status === 'ok' &&
        (() => {
          const zones = state.result.zones.filter((z) => !(z.layer === layer.id && Number(z.id) === feature.id));
          if (!zones.length) return <p className="muted">{t('inspector.zonesNone')}</p>;
          return (
            <ul className="zone-list zone-list--compact">
              {zones.map((z) => {
                const zl = byId.get(z.layer);
                const articles = [...new Set(state.result.rules.filter((r) => r.layer === z.layer).map((r) => r.article))];
                return (
                  <li key={`${z.layer}:${z.id}`} className="zone-list__item">
                    <span className="zone-list__bar" style={{ background: zl?.color ?? '#888' }} aria-hidden="true" />
                    <span className="zone-list__text">
                      <span className="zone-list__layer">
                        {zl ? pick(zl.title) : z.layer}
                        {articles.length > 0 && ` · ${articles.map(article).join(lang === 'zh' ? '，' : '; ')}`}
                      </span>
                      <button type="button" className="link-button zone-list__name" onClick={() => onZone(z.layer, Number(z.id))}>
                        {z.name || `#${z.id}`}
                      </button>
                      <StreetsDemoTag layer={z.layer} />
                    </span>
                  </li>
                );
              })}
            </ul>
          );
        })()}
      {state.status === 'ok' &&
        state.result.warnings
          .filter((w) => w.code === 'CLEAN_HEATING_GAP')
          .map((w) => (
            <p key={w.code} className="note note--gap">
              {lang === 'zh' ? w.zh : w.en}
            </p>
          ))}
    </section>
  );
}

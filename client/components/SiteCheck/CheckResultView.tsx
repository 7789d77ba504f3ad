/** What a site check found: the point, notes, the zones covering it and the plan's requirements there. */
import { useState } from 'react';
import type { CheckResult, LayerInfo } from '../../api/types.ts';
import { checkReportUrl } from '../../hooks/useSiteCheck.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { RestrictionItem } from '../Rules/RestrictionItem.tsx';
import './SiteCheck.css';
import { StreetsDemoTag } from '../DemoBadge/StreetsDemo.tsx';

interface Props {
  result: CheckResult;
  label?: string | undefined;
  layers: readonly LayerInfo[];
  onZone: (layer: string, id: number) => void;
}

export function CheckResultView({ result, label, layers, onZone }: Props) {
  const { t, pick, lang, article } = useI18n();
  const [copied, setCopied] = useState(false);
  const byId = new Map(layers.map((l) => [l.id, l]));
  const order = new Map(layers.map((l, i) => [l.id, i]));
  const zones = [...result.zones].sort((a, b) => (order.get(a.layer) ?? 99) - (order.get(b.layer) ?? 99));
  const ruleLayers = [...new Set(result.rules.map((r) => r.layer))].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99));
  const input = result.input;
  const inputText =
    input.crs === 'wgs84'
      ? null
      : `${t(`crs.${input.crs}` as MessageKey)} ${input.x !== undefined ? `x=${input.x}, y=${input.y}` : `${input.lng}, ${input.lat}`}`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      /* clipboard refused (insecure context): the URL bar still has the link */
    }
  };

  return (
    <div className="check-result" data-testid="check-result" aria-live="polite">
      <div className="check-result__head">
        <h3>{t('check.result')}</h3>
        <button type="button" className="link-button" onClick={() => void copy()}>
          {copied ? t('check.copied') : t('check.copyLink')}
        </button>
        <a
          className="link-button"
          href={checkReportUrl(
            input.x !== undefined
              ? { crs: input.crs, a: input.x, b: input.y ?? 0 }
              : { crs: input.crs, a: input.lng ?? result.point.lng, b: input.lat ?? result.point.lat },
          )}
          target="_blank"
          rel="noopener"
          data-testid="check-report"
        >
          {t('check.report')}
        </a>
      </div>
      {label && <p className="check-result__label">{label}</p>}
      <p className="check-result__point" data-testid="check-point">
        {t('check.pointWgs', { lng: result.point.lng.toFixed(6), lat: result.point.lat.toFixed(6) })}
      </p>
      {inputText && <p className="check-result__input">{t('check.input', { input: inputText })}</p>}

      {result.warnings.length > 0 && (
        <ul className="notes" aria-label={t('check.warnings')} data-testid="check-warnings">
          {result.warnings.map((w) => (
            <li key={w.code} className={`note note--${w.code === 'CLEAN_HEATING_GAP' ? 'gap' : 'warn'}`}>
              {lang === 'zh' ? w.zh : w.en}
            </li>
          ))}
        </ul>
      )}

      <h4 className="check-result__section">{t('check.zones')}</h4>
      {zones.length === 0 ? (
        <p className="muted">{t('check.noZones')}</p>
      ) : (
        <ul className="zone-list" data-testid="check-zones">
          {zones.map((z) => {
            const layer = byId.get(z.layer);
            return (
              <li key={`${z.layer}:${z.id}`} className="zone-list__item">
                <span className="zone-list__bar" style={{ background: layer?.color ?? '#888' }} aria-hidden="true" />
                <span className="zone-list__text">
                  <span className="zone-list__layer">{layer ? pick(layer.title) : z.layer}</span>
                  <span className="zone-list__name">
                    {z.name || `#${z.id}`}
                    <StreetsDemoTag layer={z.layer} />
                  </span>
                </span>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onZone(z.layer, Number(z.id))}
                  aria-label={t('check.zoneDetails', { name: z.name || z.id })}
                >
                  {t('inspector.attributes')}
                </button>
              </li>
            );
          })}
        </ul>
      )}

      {result.distances && Object.keys(result.distances).length > 0 && (
        <>
          <h4 className="check-result__section">{t('check.distances')}</h4>
          <ul className="notes" data-testid="check-distances">
            {Object.entries(result.distances).map(([lid, m]) => {
              const layer = byId.get(lid);
              const name = layer ? pick(layer.title) : lid;
              const text = Math.abs(m) >= 1000 ? `${(Math.abs(m) / 1000).toFixed(2)} km` : `${Math.round(Math.abs(m))} m`;
              return (
                <li key={lid} className={`note${Math.abs(m) <= 50 ? ' note--warn' : ''}`}>
                  {t(m <= 0 ? 'check.distanceInside' : 'check.distanceOutside', { layer: name, m: text })}
                  {Math.abs(m) <= 50 ? `（${t('check.near')}）` : ''}
                </li>
              );
            })}
          </ul>
        </>
      )}

      <h4 className="check-result__section">{t('check.rules')}</h4>
      {result.rules.length === 0 ? (
        <p className="muted">{t('check.noRules')}</p>
      ) : (
        <div className="rules" data-testid="check-rules">
          {ruleLayers.map((lid) => {
            const layer = byId.get(lid);
            return (
              <section key={lid} className="rules__group">
                <h5 style={{ borderColor: layer?.color ?? '#888' }}>{layer ? pick(layer.title) : lid}</h5>
                <ol>
                  {result.rules
                    .filter((r) => r.layer === lid)
                    .map((r) => (
                      <RestrictionItem key={r.id} restriction={r} />
                    ))}
                </ol>
              </section>
            );
          })}
        </div>
      )}

      {result.windows && result.windows.length > 0 && (
        <>
          <h4 className="check-result__section">{t('check.windows', { asOf: (result.asOf ?? '').replace('T', ' ') })}</h4>
          <ol className="rules rules--compact" data-testid="check-windows">
            {result.windows.map((w) => (
              <li key={w.rule} className="rule" data-in-force={String(w.inForce)}>
                <span className="article-chip article-chip--strong">{article(w.article)}</span>
                <span>
                  {pick(w.title)}（{pick(w.text)}）<span className="muted"> {t(w.inForce ? 'check.inForce' : 'check.notInForce')}</span>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

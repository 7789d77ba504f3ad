/**
 * The basemap switcher: the offline basemap (default), the deployment's PMTiles file, Tianditu
 * vector and imagery, a custom one. Sources this server lacks stay in the list, disabled, saying
 * which configuration key is missing, so a planner knows what to ask the administrator for.
 */
import { useId } from 'react';
import type { Basemap, UnavailableBasemap } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';

const ORDER = ['offline', 'file', 'tianditu-vec', 'tianditu-img', 'custom'];
const rank = (id: string) => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length);

export function BasemapSwitch({
  basemaps,
  unavailable = [],
  value,
  onChange,
}: {
  basemaps: readonly Basemap[];
  unavailable?: readonly UnavailableBasemap[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t, pick } = useI18n();
  const uid = useId();
  if (basemaps.length + unavailable.length <= 1) {
    return (
      <div className="basemap-switch basemap-switch--single" title={t('basemap.offlineNote')}>
        <span className="basemap-switch__label">{t('basemap.label')}</span>
        <span>{basemaps[0] ? pick(basemaps[0].title) : t('basemap.offline')}</span>
      </div>
    );
  }
  const why = (u: UnavailableBasemap) => (u.missing.length ? t('basemap.missing', { keys: u.missing.join(', ') }) : t('basemap.unreadable'));
  const options = [
    ...basemaps.map((b) => ({ id: b.id, label: pick(b.title), disabled: false, title: undefined as string | undefined })),
    ...unavailable.map((u) => ({
      id: u.id,
      label: t('basemap.unavailableOption', { title: pick(u.title), why: why(u) }),
      disabled: true,
      title: u.problem ? pick(u.problem) : why(u),
    })),
  ].sort((a, b) => rank(a.id) - rank(b.id));
  return (
    <div className="basemap-switch" title={t('basemap.hint')}>
      <label htmlFor={`${uid}-bm`} className="basemap-switch__label">
        {t('basemap.label')}
      </label>
      <select id={`${uid}-bm`} value={value} onChange={(e) => onChange(e.target.value)} data-testid="basemap-select">
        {options.map((o) => (
          <option key={o.id} value={o.id} disabled={o.disabled} title={o.title} data-missing={o.disabled ? 'true' : undefined}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

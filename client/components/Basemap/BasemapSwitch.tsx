/** Offline basemap (default) or an online one the deployment configured (Tianditu, custom). */
import { useId } from 'react';
import type { Basemap } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';

export function BasemapSwitch({ basemaps, value, onChange }: { basemaps: readonly Basemap[]; value: string; onChange: (id: string) => void }) {
  const { t, pick } = useI18n();
  const uid = useId();
  if (basemaps.length <= 1) {
    return (
      <div className="basemap-switch basemap-switch--single" title={t('basemap.offlineNote')}>
        <span className="basemap-switch__label">{t('basemap.label')}</span>
        <span>{basemaps[0] ? pick(basemaps[0].title) : t('basemap.offline')}</span>
      </div>
    );
  }
  return (
    <div className="basemap-switch">
      <label htmlFor={`${uid}-bm`} className="basemap-switch__label">
        {t('basemap.label')}
      </label>
      <select id={`${uid}-bm`} value={value} onChange={(e) => onChange(e.target.value)} data-testid="basemap-select">
        {basemaps.map((b) => (
          <option key={b.id} value={b.id}>
            {pick(b.title)}
          </option>
        ))}
      </select>
    </div>
  );
}

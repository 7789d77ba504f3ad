/** "New feature in…": the entry point for drawing a new feature, for users who may edit some layer. */
import { useId } from 'react';
import type { LayerInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LayerOptions } from './LayerOptions.tsx';
import './Editor.css';

export function EditLauncher({ layers, onStart, disabled }: { layers: readonly LayerInfo[]; onStart: (layer: LayerInfo) => void; disabled: boolean }) {
  const { t } = useI18n();
  const id = useId();
  if (!layers.length) return null;
  return (
    <div className="edit-launcher">
      <label htmlFor={id} className="visually-hidden">
        {t('edit.newIn')}
      </label>
      <select
        id={id}
        value=""
        disabled={disabled}
        onChange={(e) => {
          const layer = layers.find((l) => l.id === e.target.value);
          if (layer) onStart(layer);
        }}
        data-testid="edit-new"
      >
        <LayerOptions layers={layers} placeholder={t('edit.newIn')} />
      </select>
    </div>
  );
}

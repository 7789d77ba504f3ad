import type { LayerStyle } from './types.ts';

/** 非道路移动机械 (art. 9): orange points; electric machines grey (not an emission concern). */
export const nrmmMachines: LayerStyle = {
  look: {
    kind: 'point',
    radius: 5,
    clusterRadius: 40,
    clusterMaxZoom: 15,
    labelMinzoom: 16,
    variants: [{ field: 'emission_stage', values: ['electric'], label: { zh: '电动', en: 'Electric' }, look: 'muted' }],
  },
  baseLabel: { zh: '燃油机械', en: 'Fuel-powered' },
  defaultVisible: false,
  popup: { subtitleKey: 'reg_code' },
};

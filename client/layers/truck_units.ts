import type { LayerStyle } from './types.ts';

/** 重点用车单位 (art. 15): blue points. */
export const truckUnits: LayerStyle = {
  look: { kind: 'point', radius: 5.5, clusterRadius: 40, clusterMaxZoom: 14, labelMinzoom: 15 },
  defaultVisible: false,
};

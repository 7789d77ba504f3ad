import type { LayerStyle } from './types.ts';

/** 餐饮单位 (art. 12): fume purifiers and, for key emitters in the built-up area, monitoring. */
export const restaurants: LayerStyle = {
  look: { kind: 'point', radius: 5, clusterRadius: 40, clusterMaxZoom: 14, labelMinzoom: 15 },
  defaultVisible: false,
};

import type { LayerStyle } from './types.ts';

/** 加油站 (art. 12): green points. */
export const gasStations: LayerStyle = {
  look: { kind: 'point', radius: 5.5, clusterRadius: 40, clusterMaxZoom: 14, labelMinzoom: 15 },
  defaultVisible: false,
};

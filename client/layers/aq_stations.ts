import type { LayerStyle } from './types.ts';

/** 空气质量监测站 (保障措施第（二）项): blue points, labelled early (there are few). */
export const aqStations: LayerStyle = {
  look: { kind: 'point', radius: 6, clusterRadius: 30, clusterMaxZoom: 12, labelMinzoom: 14 },
  defaultVisible: false,
};

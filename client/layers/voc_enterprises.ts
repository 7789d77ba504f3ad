import type { LayerStyle } from './types.ts';

/** 涉挥发性有机物企业 (arts. 4, 11, 13). */
export const vocEnterprises: LayerStyle = {
  look: { kind: 'point', radius: 5.5, clusterRadius: 40, clusterMaxZoom: 14, labelMinzoom: 15 },
  defaultVisible: false,
};

import type { LayerStyle } from './types.ts';

/** 建成区 (art. 6 clean heating 100 %, art. 4, 12, 13): dashed purple outline, faint wash. */
export const builtUpAreas: LayerStyle = {
  look: { kind: 'polygon', fillOpacity: 0.07, outline: { width: 1.8, dash: [4, 2] }, label: { minzoom: 13, size: 12 } },
  defaultVisible: true,
};

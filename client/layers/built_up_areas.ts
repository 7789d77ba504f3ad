import type { LayerStyle } from './types.ts';

/** 建成区 (第4、6、12、13条: art. 6 clean heating 100 %): dashed purple outline, faint wash. */
export const builtUpAreas: LayerStyle = {
  look: { kind: 'polygon', fillOpacity: 0.07, outline: { width: 1.8, dash: [4, 2] }, label: { minzoom: 13, size: 12 } },
  defaultVisible: true,
};

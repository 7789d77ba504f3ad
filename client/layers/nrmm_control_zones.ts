import type { LayerStyle } from './types.ts';

/** 非道路移动机械排放控制区 (art. 9): orange dotted outline, almost no fill (it is large). */
export const nrmmControlZones: LayerStyle = {
  look: { kind: 'polygon', fillOpacity: 0.04, outline: { width: 2.4, dash: [1, 1.6] }, label: { minzoom: 12.5, size: 12 } },
  defaultVisible: true,
};

import type { LayerStyle } from './types.ts';

/** 禁煤区 (art. 6): the strongest zone — solid outline, light red wash. */
export const coalBanZones: LayerStyle = {
  look: { kind: 'polygon', fillOpacity: 0.12, outline: { width: 2.2 }, label: { minzoom: 12.5, size: 12 } },
  defaultVisible: true,
};

import type { LayerStyle } from './types.ts';

/** 清洁取暖改造区域 (art. 6): teal wash; against the built-up area it shows coverage gaps. */
export const cleanHeatingAreas: LayerStyle = {
  look: { kind: 'polygon', fillOpacity: 0.16, outline: { width: 1 }, label: { minzoom: 14, size: 11 } },
  defaultVisible: false,
};

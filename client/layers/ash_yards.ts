import type { LayerStyle } from './types.ts';

/** 电厂储灰场 (art. 10): grey patches; closed (restored) yards hollow. */
export const ashYards: LayerStyle = {
  look: {
    kind: 'polygon',
    fillOpacity: 0.45,
    outline: { width: 1.5 },
    label: { minzoom: 13, size: 12 },
    variants: [{ field: 'status', values: ['closed'], label: { zh: '已闭库', en: 'Closed' }, look: 'hollow' }],
  },
  baseLabel: { zh: '使用中', en: 'In use' },
  defaultVisible: true,
};

import type { LayerStyle } from './types.ts';

/** 街道办事处辖区: thin grey boundaries with the street office's name — the planner's address grid. */
export const streets: LayerStyle = {
  look: {
    kind: 'polygon',
    fillOpacity: 0,
    outline: { width: 0.9, dash: [3, 2] },
    label: { minzoom: 10.8, size: 12, color: '#5b5f66' },
  },
  defaultVisible: true,
};

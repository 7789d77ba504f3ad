import type { LayerStyle } from './types.ts';

/** 燃煤锅炉及工业炉窑 (art. 4, 7): coal-fired in the layer colour, clean fuels grey, removed hollow. */
export const boilers: LayerStyle = {
  look: {
    kind: 'point',
    radius: 5.5,
    clusterRadius: 40,
    clusterMaxZoom: 14,
    labelMinzoom: 15,
    variants: [
      { field: 'status', values: ['removed'], label: { zh: '已拆除', en: 'Removed' }, look: 'hollow' },
      { field: 'fuel', values: ['gas', 'electric', 'biomass'], label: { zh: '燃气 / 电 / 生物质', en: 'Gas / electric / biomass' }, look: 'muted' },
    ],
  },
  baseLabel: { zh: '燃煤', en: 'Coal-fired' },
  defaultVisible: false,
};

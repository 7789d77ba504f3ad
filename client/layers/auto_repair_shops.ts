import type { LayerStyle } from './types.ts';

/** 汽车维修企业 (art. 12): shops without spray painting grey; those with it in the layer colour. */
export const autoRepairShops: LayerStyle = {
  look: {
    kind: 'point',
    radius: 5,
    clusterRadius: 40,
    clusterMaxZoom: 14,
    labelMinzoom: 15,
    variants: [{ field: 'spray_painting', values: [false], label: { zh: '无喷涂工序', en: 'No spray painting' }, look: 'muted' }],
  },
  baseLabel: { zh: '含喷涂工序', en: 'With spray painting' },
  defaultVisible: false,
};

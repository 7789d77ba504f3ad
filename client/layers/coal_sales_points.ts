import type { LayerStyle } from './types.ts';

/** 散煤销售点 (art. 6): near-black points; closed (取缔) outlets hollow. */
export const coalSalesPoints: LayerStyle = {
  look: {
    kind: 'point',
    radius: 5.5,
    clusterRadius: 40,
    clusterMaxZoom: 14,
    labelMinzoom: 15,
    variants: [{ field: 'status', values: ['closed'], label: { zh: '已取缔', en: 'Closed' }, look: 'hollow' }],
  },
  baseLabel: { zh: '经营中 / 疑似经营', en: 'Operating / suspected' },
  defaultVisible: true,
  popup: { subtitleKey: 'licence_no' },
};

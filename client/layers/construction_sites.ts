import type { LayerStyle } from './types.ts';

/** 建筑施工工地 (art. 10): brown points; finished sites hollow; the six 100 % rules as a checklist. */
export const constructionSites: LayerStyle = {
  look: {
    kind: 'point',
    radius: 6,
    clusterRadius: 44,
    clusterMaxZoom: 14,
    labelMinzoom: 15,
    variants: [{ field: 'status', values: ['finished'], label: { zh: '完工', en: 'Finished' }, look: 'hollow' }],
  },
  baseLabel: { zh: '在建 / 停工', en: 'Active / suspended' },
  defaultVisible: true,
  popup: {
    subtitleKey: 'permit_no',
    sections: [
      {
        title: { zh: '扬尘治理“六个百分之百”（第10条）', en: 'Dust control "six 100 %" (art. 10)' },
        keys: ['hoarding', 'stockpile_covered', 'wet_earthwork', 'roads_hardened', 'vehicle_washing', 'sealed_transport'],
        display: 'checklist',
      },
      {
        title: { zh: '视频监控与拆除作业', en: 'Video monitoring and demolition' },
        keys: ['above_scale', 'video', 'video_online', 'wet_demolition', 'fog_cannon'],
        display: 'table',
      },
    ],
  },
};

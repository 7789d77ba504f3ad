/** Art. 10: construction dust — video monitoring, the "six 100 %", wet demolition. Not spatial: they apply everywhere. */
import { defineRule } from '../rule.ts';

export const siteVideo = defineRule({
  id: 'site.video',
  article: '10',
  title: { zh: '规模以上工地视频监控未接入监管平台', en: 'Above-scale site without video linked to the regulator' },
  explanation: {
    zh: '第10条：规模以上施工工地安装视频监控设施，并接入部门监管平台。在建的规模以上工地未记录视频接入监管平台即列为违规。',
    en: 'Art. 10: above-scale construction sites install video monitoring connected to the regulator platform. An active above-scale site not recorded as linked is flagged.',
  },
  siteLayer: 'construction_sites',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'above_scale', op: 'isTrue' },
      { attr: 'status', op: 'eq', value: 'active' },
      { attr: 'video_online', op: 'notTrue' },
    ],
  },
});

/** The six measures of 六个百分之百, as the construction-site layer records them. */
export const SIX_MEASURES = ['hoarding', 'stockpile_covered', 'wet_earthwork', 'roads_hardened', 'vehicle_washing', 'sealed_transport'] as const;

export const siteSixMeasures = defineRule({
  id: 'site.six_measures',
  article: '10',
  title: { zh: '工地未落实“六个百分之百”', en: 'Site missing one of the "six 100 %" dust measures' },
  explanation: {
    zh: '第10条：严格落实建筑施工扬尘“六个百分之百”（周边围挡、物料堆放覆盖、土方开挖湿法作业、路面硬化、出入车辆清洗、渣土车辆密闭运输）。在建工地任一项未落实或未记录即列为违规。',
    en: 'Art. 10: construction dust rules "six 100 %" (hoarding, covered stockpiles, wet earthworks, hardened roads, vehicle washing, sealed spoil transport). An active site with any measure false or not recorded is flagged.',
  },
  siteLayer: 'construction_sites',
  zoneLayers: [],
  condition: {
    all: [{ attr: 'status', op: 'eq', value: 'active' }, { any: SIX_MEASURES.map((attr) => ({ attr, op: 'notTrue' as const })) }],
  },
});

export const siteDemolitionWet = defineRule({
  id: 'site.demolition_wet',
  article: '10',
  title: { zh: '拆迁工地未湿式作业', en: 'Demolition site without wet work' },
  explanation: {
    zh: '第10条：所有拆迁工地必须采取湿式作业、雾炮车降尘措施。在建拆迁工地未记录湿式拆除作业即列为违规。',
    en: 'Art. 10: every demolition site must work wet and use fog cannons. An active demolition site not recorded as demolishing wet is flagged.',
  },
  siteLayer: 'construction_sites',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'site_type', op: 'eq', value: 'demolition' },
      { attr: 'status', op: 'eq', value: 'active' },
      { attr: 'wet_demolition', op: 'notTrue' },
    ],
  },
});

/** Art. 10: construction dust — video monitoring, the "six 100 %", bare soil, demolition. Not spatial: they apply everywhere. */
import { defineRule } from '../rule.ts';
import { UNITS_ART_10_DUST } from './units.ts';

export const siteVideo = defineRule({
  id: 'site.video',
  article: '10',
  title: { zh: '规模以上工地视频监控未接入监管平台', en: 'Above-scale site without video linked to the regulator' },
  explanation: {
    zh: '第10条：规模以上施工工地安装视频监控设施，并接入部门监管平台。在建的规模以上工地记录为未接入监管平台即列为问题线索；是否接入或是否规模以上未记录的列为待核查。',
    en: 'Art. 10: above-scale construction sites install video monitoring connected to the regulator platform. An active above-scale site recorded as not linked is flagged; one where the link or the scale is not recorded needs inspection.',
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
  units: UNITS_ART_10_DUST,
});

/** The six measures of 六个百分之百, as the construction-site layer records them. */
export const SIX_MEASURES = ['hoarding', 'stockpile_covered', 'wet_earthwork', 'roads_hardened', 'vehicle_washing', 'sealed_transport'] as const;

export const siteSixMeasures = defineRule({
  id: 'site.six_measures',
  article: '10',
  title: { zh: '工地未落实“六个百分之百”', en: 'Site missing one of the "six 100 %" dust measures' },
  explanation: {
    zh: '第10条：严格落实建筑施工扬尘“六个百分之百”（周边围挡、物料堆放覆盖、土方开挖湿法作业、路面硬化、出入车辆清洗、渣土车辆密闭运输）。在建工地任一项记录为未落实即列为问题线索；其余各项落实但有未记录项的列为待核查。',
    en: 'Art. 10: construction dust rules "six 100 %" (hoarding, covered stockpiles, wet earthworks, hardened roads, vehicle washing, sealed spoil transport). An active site with any measure recorded as missing is flagged; one with every recorded measure in place but some not recorded needs inspection.',
  },
  siteLayer: 'construction_sites',
  zoneLayers: [],
  condition: {
    all: [{ attr: 'status', op: 'eq', value: 'active' }, { any: SIX_MEASURES.map((attr) => ({ attr, op: 'notTrue' as const })) }],
  },
  units: UNITS_ART_10_DUST,
});

export const siteBareSoil = defineRule({
  id: 'site.bare_soil',
  article: '10',
  title: { zh: '裸露土方及未硬化道路未采取绿网覆盖与喷洒抑尘剂相结合措施', en: 'Bare soil or unhardened roads without green net and dust suppressant' },
  explanation: {
    zh: '第10条：对裸露土方及未硬化道路采取绿网覆盖与喷洒抑尘剂相结合措施。在建工地记录有裸露土方或未硬化道路、而绿网覆盖或喷洒抑尘剂任一项记录为未落实即列为问题线索，未记录的列为待核查；未记录有裸露土方的工地不在此列。',
    en: 'Art. 10: bare soil and unhardened roads get green net cover combined with dust suppressant. An active site recorded with bare soil or unhardened roads where the net or the suppressant is recorded as missing is flagged, and one where either is not recorded needs inspection; sites not recorded with bare soil are not checked.',
  },
  siteLayer: 'construction_sites',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'status', op: 'eq', value: 'active' },
      { attr: 'bare_soil', op: 'isTrue', ifUnrecorded: false },
      {
        any: [
          { attr: 'green_net', op: 'notTrue' },
          { attr: 'dust_suppressant', op: 'notTrue' },
        ],
      },
    ],
  },
  units: UNITS_ART_10_DUST,
});

export const siteDemolitionWet = defineRule({
  id: 'site.demolition_wet',
  article: '10',
  title: { zh: '拆迁工地未采取湿式作业、雾炮车降尘措施', en: 'Demolition site without wet work and fog cannons' },
  explanation: {
    zh: '第10条：所有拆迁工地必须采取湿式作业、雾炮车降尘措施降低拆除扬尘。在建拆迁工地湿式拆除作业或雾炮车降尘任一项记录为未落实即列为问题线索，未记录的列为待核查。',
    en: 'Art. 10: every demolition site must work wet and use fog cannons. An active demolition site with wet demolition or fog cannons recorded as missing is flagged; one where either is not recorded needs inspection.',
  },
  siteLayer: 'construction_sites',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'site_type', op: 'eq', value: 'demolition' },
      { attr: 'status', op: 'eq', value: 'active' },
      {
        any: [
          { attr: 'wet_demolition', op: 'notTrue' },
          { attr: 'fog_cannon', op: 'notTrue' },
        ],
      },
    ],
  },
  units: UNITS_ART_10_DUST,
});

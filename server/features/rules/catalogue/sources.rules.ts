/**
 * Arts. 4, 11, 12 and 13: restaurants (fume purifiers), auto-repair shops with spray painting
 * (efficient treatment), and enterprises emitting volatile organic compounds (treatment, activated
 * carbon, summer staggered production).
 */
import { defineRule } from '../rule.ts';
import { UNITS_ART_11, UNITS_ART_12, UNITS_ART_13, UNITS_ART_4 } from './units.ts';

export const restaurantFumePurifier = defineRule({
  id: 'restaurant.fume_purifier',
  article: '12',
  title: { zh: '餐饮单位未安装油烟净化设施或设施达不到治理要求', en: 'Restaurant without an adequate fume purifier' },
  explanation: {
    zh: '第12条：对未安装油烟净化设施或油烟净化设施简易、已损坏达不到治理要求的，8月30日前完成安装或更换。2023年8月31日起，餐饮单位记录为未安装油烟净化设施或设施达不到治理要求即列为问题线索，未记录的列为待核查。',
    en: 'Art. 12: restaurants without a fume purifier, or with a makeshift or broken one, install or replace it by 30 August. From 2023-08-31, a restaurant recorded without a purifier or with one that falls short is flagged; one with nothing recorded needs inspection.',
  },
  siteLayer: 'restaurants',
  zoneLayers: [],
  condition: {
    any: [
      { attr: 'fume_purifier', op: 'notTrue' },
      { attr: 'purifier_effective', op: 'notTrue' },
    ],
  },
  inForce: { from: '2023-08-31', text: { zh: '8月30日前完成安装或更换', en: 'installed or replaced by 30 August (2023)' } },
  units: UNITS_ART_12,
});

export const restaurantFumeMonitoring = defineRule({
  id: 'restaurant.fume_monitoring',
  article: '12',
  title: { zh: '建成区重点油烟排放单位未安装监控设施', en: 'Key fume emitter in the built-up area without linked monitoring' },
  explanation: {
    zh: '第12条：建成区内重点区域和重点油烟排放单位要安装监控设施，监测数据要接入市生态环境局平台。记录为重点油烟排放单位的餐饮单位位于建成区内（含边界），记录为未安装监控或未接入平台即列为问题线索，未记录的列为待核查。',
    en: 'Art. 12: key fume emitters and key areas in the built-up area install monitoring linked to the city environment bureau platform. A restaurant recorded as a key emitter inside (or on the edge of) the built-up area and recorded without linked monitoring is flagged; one with nothing recorded needs inspection.',
  },
  siteLayer: 'restaurants',
  zoneLayers: ['built_up_areas'],
  condition: {
    all: [
      { attr: 'key_emitter', op: 'isTrue', ifUnrecorded: false },
      { attr: 'fume_monitoring', op: 'notTrue' },
    ],
  },
  units: UNITS_ART_12,
});

export const autoRepairTreatment = defineRule({
  id: 'auto_repair.treatment',
  article: '12',
  title: { zh: '含喷涂工序汽车维修企业未安装高效治理设施', en: 'Auto-repair shop with spray painting but no efficient treatment' },
  explanation: {
    zh: '第12条：含有喷涂工序汽车维修企业，末端排放深度达不到要求，必须安装高效治理设施。记录为含喷涂工序、治理设施为简易低效或无的汽车维修企业即列为问题线索；治理设施未记录的列为待核查。',
    en: 'Art. 12: auto-repair shops with a spray-painting process whose end-of-pipe treatment falls short must install efficient treatment. A shop recorded with spray painting and simple or no treatment is flagged; one whose treatment is not recorded needs inspection.',
  },
  siteLayer: 'auto_repair_shops',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'spray_painting', op: 'isTrue', ifUnrecorded: false },
      { attr: 'treatment', op: 'in', value: ['simple', 'none'] },
    ],
  },
  units: UNITS_ART_12,
});

export const vocLowEfficiency = defineRule({
  id: 'voc.low_efficiency',
  article: '4',
  title: { zh: '涉挥发性有机物企业采用低效治理工艺', en: 'VOC enterprise using a low-efficiency treatment process' },
  explanation: {
    zh: '第4条：对采用低温等离子、光氧催化、光催化、非水溶性挥发性有机物废气采用单一喷淋吸收等低效治理挥发性有机物工艺的企业实施升级改造。治理工艺记录为上述低效工艺的企业即列为问题线索；治理工艺未记录的列为待核查。',
    en: 'Art. 4: enterprises treating volatile organic compounds with low-temperature plasma, photo-oxidation, photocatalysis, or single-stage spraying of non-water-soluble VOC are upgraded. An enterprise recorded with such a process is flagged; one whose process is not recorded needs inspection.',
  },
  siteLayer: 'voc_enterprises',
  zoneLayers: [],
  condition: { attr: 'treatment', op: 'in', value: ['plasma', 'photo_oxidation', 'photocatalysis', 'single_spray'] },
  units: UNITS_ART_4,
});

export const vocActivatedCarbon = defineRule({
  id: 'voc.activated_carbon',
  article: '11',
  title: { zh: '活性炭吸附工艺未足额填充、按期更换', en: 'Activated-carbon adsorption not fully filled or not replaced on time' },
  explanation: {
    zh: '第11条：使用活性炭吸附工艺的企业要足额填充、按期更换、加强监督。治理工艺为活性炭吸附、记录为未足额填充或未按期更换的企业即列为问题线索，未记录的列为待核查。',
    en: 'Art. 11: enterprises using activated-carbon adsorption keep it fully filled and replace it on schedule. An enterprise with activated carbon recorded as under-filled or overdue is flagged; one where either is not recorded needs inspection.',
  },
  siteLayer: 'voc_enterprises',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'treatment', op: 'eq', value: 'activated_carbon', ifUnrecorded: false },
      {
        any: [
          { attr: 'carbon_filled', op: 'notTrue' },
          { attr: 'carbon_replaced_on_time', op: 'notTrue' },
        ],
      },
    ],
  },
  units: UNITS_ART_11,
});

/** Art. 13's key industries for staggered production. */
export const SUMMER_STAGGER_INDUSTRIES = ['chemical', 'coating', 'printing'] as const;

export const vocSummerStagger = defineRule({
  id: 'voc.summer_stagger',
  article: '13',
  title: { zh: '夏季高温时段涉挥发性有机物排放工序未错时生产', en: 'VOC process not staggered out of summer midday hours' },
  explanation: {
    zh: '第13条：5月—9月每日10时—17时，以化工、工业涂装、包装印刷等行业为重点，实施涉挥发性有机物排放工序高温天气高温时段错时生产。该时段内，化工、工业涂装、包装印刷企业记录为未错时生产即列为问题线索，未记录的列为待核查；时段外不适用。',
    en: 'Art. 13: from May to September, 10:00–17:00 daily, chemical, industrial coating and packaging-printing enterprises move VOC-emitting processes out of the hot hours. Within that window, such an enterprise recorded as not staggering is flagged and one with nothing recorded needs inspection; outside it the rule does not apply.',
  },
  siteLayer: 'voc_enterprises',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'industry', op: 'in', value: SUMMER_STAGGER_INDUSTRIES },
      { attr: 'staggered_production', op: 'notTrue' },
    ],
  },
  inForce: { months: [5, 9], hours: [10, 17], text: { zh: '5月—9月每日10时—17时', en: 'May–September, 10:00–17:00 daily' } },
  units: UNITS_ART_13,
});

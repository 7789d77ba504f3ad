/** Art. 6 (coal-ban zones, clean heating) and art. 4 (coal-fired boilers district-wide). */
import { defineRule } from '../rule.ts';
import { UNITS_ART_4, UNITS_ART_6 } from './units.ts';

export const coalBanSalesPoint = defineRule({
  id: 'coal_ban.sales_point',
  article: '6',
  title: { zh: '禁煤区内散煤销售点', en: 'Loose-coal sales point inside a coal-ban zone' },
  explanation: {
    zh: '第6条：“禁煤区”内取消散煤销售网点，严禁散煤流入。经营中或疑似经营的散煤销售点位于禁煤区内（含边界）即列为问题线索；经营状态未记录的列为待核查。',
    en: 'Art. 6: loose-coal sales outlets are abolished inside coal-ban zones and no loose coal may flow in. A sales point that is operating or suspected of operating inside (or on the edge of) a coal-ban zone is flagged; one whose status is not recorded needs inspection.',
  },
  siteLayer: 'coal_sales_points',
  zoneLayers: ['coal_ban_zones'],
  condition: { attr: 'status', op: 'in', value: ['operating', 'suspected'] },
  units: UNITS_ART_6,
});

/** Household and village-collective heating: where clean heating has not arrived, a replacement plan is due, not a penalty. */
export const HEATING_FOR_RESIDENTS = ['household', 'village'] as const;

export const coalBanBoiler = defineRule({
  id: 'coal_ban.boiler',
  article: '6',
  title: { zh: '禁煤区或建成区内在用燃煤锅炉', en: 'Coal-fired boiler in use in a coal-ban zone or the built-up area' },
  explanation: {
    zh: '第6条：严格落实“禁煤区”建设标准要求，坚决遏制散煤复烧；建成区清洁取暖覆盖率达到100%。燃料为煤、状态为在用的锅炉位于禁煤区或建成区内（含边界）即列为问题线索。反对“一刀切”：居民家用或村集体取暖锅炉位于尚未实施清洁取暖改造的区域时，不列为问题线索，而列入清洁取暖覆盖分析中需提前制定散煤替代方案（使用洁净煤）的点位；用途未记录的列为待核查。',
    en: 'Art. 6: coal-ban zones are enforced and loose coal must not be burned again; clean heating reaches 100 % of the built-up area. A coal-fired boiler in use inside (or on the edge of) a coal-ban zone or the built-up area is flagged. No "one size fits all": a household or village-collective heating boiler where clean heating has not yet been installed is not flagged; it is listed under coverage as a place that needs a loose-coal replacement plan (clean coal). If its use is not recorded there, it needs inspection.',
  },
  siteLayer: 'boilers',
  zoneLayers: ['coal_ban_zones', 'built_up_areas'],
  condition: {
    all: [
      { attr: 'kind', op: 'eq', value: 'boiler' },
      { attr: 'fuel', op: 'eq', value: 'coal' },
      { attr: 'status', op: 'eq', value: 'in_use' },
    ],
  },
  exemptOutside: { condition: { attr: 'use', op: 'in', value: HEATING_FOR_RESIDENTS }, layers: ['clean_heating_areas'] },
  units: UNITS_ART_6,
});

export const boilerUltraLow = defineRule({
  id: 'boiler.ultra_low',
  article: '4',
  title: { zh: '保留燃煤锅炉未达到超低排放', en: 'Retained coal-fired boiler not at ultra-low emission' },
  explanation: {
    zh: '第4条：持续开展燃煤锅炉综合整治，全面淘汰不符合政策要求的燃煤锅炉；2023年10月底前，保留的不能稳定达到超低排放标准的燃煤锅炉要提前进行改造和检修，保证采暖期稳定达标。2023年11月1日起，全区（不限区域）在用燃煤锅炉记录为未达到超低排放即列为问题线索，未记录的列为待核查；居民家用锅炉不在此列（见第6条）。',
    en: 'Art. 4: coal-fired boiler clean-up continues and non-compliant coal boilers are phased out; by the end of October 2023, retained coal boilers that cannot reliably meet ultra-low emission standards are retrofitted and overhauled. From 2023-11-01, a coal-fired boiler in use anywhere in the district recorded as not ultra-low emission is flagged; one with nothing recorded needs inspection. Household boilers are not covered here (see art. 6).',
  },
  siteLayer: 'boilers',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'kind', op: 'eq', value: 'boiler' },
      { attr: 'fuel', op: 'eq', value: 'coal' },
      { attr: 'status', op: 'eq', value: 'in_use' },
      { attr: 'use', op: 'ne', value: 'household', ifUnrecorded: true },
      { attr: 'ultra_low_emission', op: 'notTrue' },
    ],
  },
  inForce: { from: '2023-11-01', text: { zh: '2023年10月底前完成改造和检修', en: 'retrofit and overhaul by the end of October 2023' } },
  units: UNITS_ART_4,
});

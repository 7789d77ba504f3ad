/**
 * Art. 7: coal installations switch to clean energy. New, rebuilt or expanded heating, heat-treatment,
 * drying and melting furnaces may not burn coal; existing furnaces on high-pollution fuel switch to
 * waste heat, electricity or gas; coal gas producers are replaced. District-wide: no zone.
 */
import type { AttributeTest } from '../rule.ts';
import { defineRule } from '../rule.ts';
import { UNITS_ART_7 } from './units.ts';

const QUOTE_ZH =
  '第7条：新、改、扩建加热炉、热处理炉、干燥炉、熔化炉，采用清洁低碳能源，不得使用煤炭等高污染燃料。现有使用高污染燃料的工业炉窑改用工业余热、电能、天然气等。使用煤气发生炉的企业采用清洁能源替代，或者采取集中供气、分散使用的方式替代。';
const QUOTE_EN =
  'Art. 7: new, rebuilt or expanded heating, heat-treatment, drying and melting furnaces use clean low-carbon energy and may not burn coal or other high-pollution fuels. Existing furnaces on high-pollution fuel switch to industrial waste heat, electricity, natural gas etc. Enterprises with coal gas producers replace them with clean energy or centrally supplied gas.';

/** The four furnace types the plan names for new builds. */
export const NEW_BUILD_FURNACE_TYPES = ['heating', 'heat_treatment', 'drying', 'melting'] as const;

const furnace: AttributeTest = { attr: 'kind', op: 'eq', value: 'furnace' };
const coal: AttributeTest = { attr: 'fuel', op: 'eq', value: 'coal' };

export const furnaceCoal = defineRule({
  id: 'furnace.coal',
  article: '7',
  title: { zh: '现有工业炉窑仍使用燃煤', en: 'Existing industrial furnace still burning coal' },
  explanation: {
    zh: `${QUOTE_ZH}全区在用的现有工业炉窑（煤气发生炉另列）燃料为煤即列为问题线索；未记录为新、改、扩建的按现有炉窑处理。`,
    en: `${QUOTE_EN} An existing industrial furnace in use anywhere in the district (coal gas producers apart) burning coal is flagged; one not recorded as new or rebuilt counts as existing.`,
  },
  siteLayer: 'boilers',
  zoneLayers: [],
  condition: {
    all: [
      furnace,
      coal,
      { attr: 'status', op: 'eq', value: 'in_use' },
      { attr: 'new_build', op: 'notTrue', ifUnrecorded: true },
      { attr: 'furnace_type', op: 'ne', value: 'gas_producer', ifUnrecorded: true },
    ],
  },
  units: UNITS_ART_7,
});

export const furnaceNewCoal = defineRule({
  id: 'furnace.new_coal',
  article: '7',
  title: { zh: '新、改、扩建炉窑使用燃煤', en: 'New or rebuilt furnace burning coal' },
  explanation: {
    zh: `${QUOTE_ZH}记录为新、改、扩建的加热炉、热处理炉、干燥炉、熔化炉燃料为煤（未拆除）即列为问题线索；炉型未记录的列为待核查。`,
    en: `${QUOTE_EN} A heating, heat-treatment, drying or melting furnace recorded as new, rebuilt or expanded and burning coal (not removed) is flagged; one whose furnace type is not recorded needs inspection.`,
  },
  siteLayer: 'boilers',
  zoneLayers: [],
  condition: {
    all: [
      furnace,
      coal,
      { attr: 'status', op: 'ne', value: 'removed' },
      { attr: 'new_build', op: 'isTrue', ifUnrecorded: false },
      { attr: 'furnace_type', op: 'in', value: NEW_BUILD_FURNACE_TYPES },
    ],
  },
  units: UNITS_ART_7,
});

export const furnaceGasProducer = defineRule({
  id: 'furnace.gas_producer',
  article: '7',
  title: { zh: '在用煤气发生炉未替代', en: 'Coal gas producer still in use' },
  explanation: {
    zh: `${QUOTE_ZH}在用的煤气发生炉即列为问题线索（应采用清洁能源或集中供气、分散使用方式替代）。`,
    en: `${QUOTE_EN} A coal gas producer in use is flagged (to be replaced by clean energy or centrally supplied gas).`,
  },
  siteLayer: 'boilers',
  zoneLayers: [],
  condition: { all: [furnace, { attr: 'furnace_type', op: 'eq', value: 'gas_producer', ifUnrecorded: false }, { attr: 'status', op: 'eq', value: 'in_use' }] },
  units: UNITS_ART_7,
});

/**
 * Art. 9: inside NRMM emission control zones no machinery below the zone's minimum stage (国三 by
 * the plan; a zone may set 国四 in its `min_stage`), unregistered, or emitting black smoke.
 * 涉及民生保障和应急抢险等情形除外: every NRMM rule excludes machines recorded with `exempt_use`
 * true (and only those: an unrecorded exemption is no exemption).
 */
import type { AttributeTest, Condition } from '../rule.ts';
import { defineRule } from '../rule.ts';
import { UNITS_ART_9 } from './units.ts';

const notExempt: AttributeTest = { attr: 'exempt_use', op: 'notTrue', ifUnrecorded: true };
const EXEMPT_ZH = '（涉及民生保障和应急抢险等情形除外）';
const EXEMPT_EN = ' (livelihood and emergency uses exempt)';

/** Below 国三 everywhere; 国三 too where the zone sets 国四 (a zone without `min_stage` means 国三). */
export const BELOW_ZONE_STAGE: Condition = {
  any: [
    { attr: 'emission_stage', op: 'in', value: ['I', 'II'] },
    {
      all: [
        { attr: 'min_stage', of: 'zone', op: 'eq', value: 'IV', ifUnrecorded: false },
        { attr: 'emission_stage', op: 'eq', value: 'III' },
      ],
    },
  ],
};

export const nrmmLowStage = defineRule({
  id: 'nrmm.low_stage',
  article: '9',
  title: { zh: '控制区内低于排放标准的非道路移动机械', en: 'Machinery below the zone’s emission stage in an NRMM control zone' },
  explanation: {
    zh: `第9条：辖区内非道路移动机械排放控制区不得使用国三以下排放标准的非道路移动机械${EXEMPT_ZH}。排放阶段低于所在控制区最低排放阶段（控制区未设定的按国三；设定国四的，国三机械亦不得使用）的机械位于控制区内（含边界）即列为问题线索；排放阶段不明的列为待核查。`,
    en: `Art. 9: no machinery below the China III stage inside NRMM emission control zones${EXEMPT_EN}. A machine below the zone's minimum stage (China III unless the zone sets China IV, which also rules out China III) inside (or on the edge of) a control zone is flagged; one of unknown stage needs inspection.`,
  },
  siteLayer: 'nrmm_machines',
  zoneLayers: ['nrmm_control_zones'],
  condition: { all: [BELOW_ZONE_STAGE, notExempt] },
  units: UNITS_ART_9,
});

export const nrmmUnregistered = defineRule({
  id: 'nrmm.unregistered',
  article: '9',
  title: { zh: '控制区内未编码登记的非道路移动机械', en: 'Unregistered machinery in an NRMM control zone' },
  explanation: {
    zh: `第9条：排放控制区内不得使用未编码登记的非道路移动机械${EXEMPT_ZH}。没有编码登记号的机械位于控制区内（含边界）即列为问题线索。`,
    en: `Art. 9: no unregistered (un-coded) machinery inside NRMM emission control zones${EXEMPT_EN}. A machine without a registration code inside (or on the edge of) a control zone is flagged.`,
  },
  siteLayer: 'nrmm_machines',
  zoneLayers: ['nrmm_control_zones'],
  condition: { all: [{ attr: 'reg_code', op: 'missing' }, notExempt] },
  units: UNITS_ART_9,
});

export const nrmmBlackSmoke = defineRule({
  id: 'nrmm.black_smoke',
  article: '9',
  title: { zh: '控制区内冒黑烟的非道路移动机械', en: 'Machinery emitting black smoke in an NRMM control zone' },
  explanation: {
    zh: `第9条：排放控制区内不得使用冒黑烟等超标排放的非道路移动机械${EXEMPT_ZH}。记录为冒黑烟的机械位于控制区内（含边界）即列为问题线索（冒黑烟是现场所见，未记录即未见到）。`,
    en: `Art. 9: no machinery with visible black smoke or other excess emissions inside NRMM emission control zones${EXEMPT_EN}. A machine recorded as emitting black smoke inside (or on the edge of) a control zone is flagged (smoke is an observation: not recorded means not seen).`,
  },
  siteLayer: 'nrmm_machines',
  zoneLayers: ['nrmm_control_zones'],
  condition: { all: [{ attr: 'black_smoke', op: 'isTrue', ifUnrecorded: false }, notExempt] },
  units: UNITS_ART_9,
});

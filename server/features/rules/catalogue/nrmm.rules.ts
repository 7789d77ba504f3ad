/**
 * Art. 9: inside NRMM emission control zones no machinery below China III, unregistered, or
 * emitting black smoke. Livelihood and emergency uses are exempt, so every NRMM rule excludes
 * machines recorded with `exempt_use` true (and only those: an unrecorded exemption is no exemption).
 */
import { defineRule } from '../rule.ts';
import type { AttributeTest } from '../rule.ts';

const notExempt: AttributeTest = { attr: 'exempt_use', op: 'notTrue' };

export const nrmmLowStage = defineRule({
  id: 'nrmm.low_stage',
  article: '9',
  title: { zh: '控制区内国三以下非道路移动机械', en: 'Machinery below China III in an NRMM control zone' },
  explanation: {
    zh: '第9条：非道路移动机械排放控制区内不得使用国三以下排放标准的机械（民生保障和应急抢险除外）。排放阶段为国一、国二或不明的机械位于控制区内（含边界）即列为违规。',
    en: 'Art. 9: no machinery below the China III stage inside NRMM emission control zones (livelihood and emergency uses exempt). A machine of stage I, II or unknown inside (or on the edge of) a control zone is flagged.',
  },
  siteLayer: 'nrmm_machines',
  zoneLayers: ['nrmm_control_zones'],
  condition: { all: [{ attr: 'emission_stage', op: 'in', value: ['I', 'II', 'unknown'] }, notExempt] },
});

export const nrmmUnregistered = defineRule({
  id: 'nrmm.unregistered',
  article: '9',
  title: { zh: '控制区内未编码登记的非道路移动机械', en: 'Unregistered machinery in an NRMM control zone' },
  explanation: {
    zh: '第9条：排放控制区内不得使用未编码登记的非道路移动机械（民生保障和应急抢险除外）。没有编码登记号的机械位于控制区内（含边界）即列为违规。',
    en: 'Art. 9: no unregistered (un-coded) machinery inside NRMM emission control zones (livelihood and emergency uses exempt). A machine without a registration code inside (or on the edge of) a control zone is flagged.',
  },
  siteLayer: 'nrmm_machines',
  zoneLayers: ['nrmm_control_zones'],
  condition: { all: [{ attr: 'reg_code', op: 'missing' }, notExempt] },
});

export const nrmmBlackSmoke = defineRule({
  id: 'nrmm.black_smoke',
  article: '9',
  title: { zh: '控制区内冒黑烟的非道路移动机械', en: 'Machinery emitting black smoke in an NRMM control zone' },
  explanation: {
    zh: '第9条：排放控制区内不得使用冒黑烟等超标排放的非道路移动机械（民生保障和应急抢险除外）。记录为冒黑烟的机械位于控制区内（含边界）即列为违规。',
    en: 'Art. 9: no machinery with visible black smoke or other excess emissions inside NRMM emission control zones (livelihood and emergency uses exempt). A machine recorded as emitting black smoke inside (or on the edge of) a control zone is flagged.',
  },
  siteLayer: 'nrmm_machines',
  zoneLayers: ['nrmm_control_zones'],
  condition: { all: [{ attr: 'black_smoke', op: 'isTrue' }, notExempt] },
});

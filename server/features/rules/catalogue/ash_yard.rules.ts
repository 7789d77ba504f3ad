/** Art. 10: power-plant ash yards near the city. */
import { defineRule } from '../rule.ts';
import { UNITS_ART_10_ASH } from './units.ts';

export const ashYardUncovered = defineRule({
  id: 'ash_yard.uncovered',
  article: '10',
  title: { zh: '储灰场未覆盖或未喷洒抑尘剂', en: 'Ash yard not covered or not sprayed with suppressant' },
  explanation: {
    zh: '第10条：市区周边电厂的储灰场必须采取喷洒抑尘剂、覆盖等防尘措施。使用中的储灰场覆盖或喷洒抑尘剂任一项记录为未落实即列为问题线索，未记录的列为待核查。',
    en: 'Art. 10: ash yards of power plants near the city must spray dust suppressant and be covered. An active yard recorded as not covered or not sprayed is flagged; one where either is not recorded needs inspection.',
  },
  siteLayer: 'ash_yards',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'status', op: 'eq', value: 'active' },
      {
        any: [
          { attr: 'covered', op: 'notTrue' },
          { attr: 'suppressant', op: 'notTrue' },
        ],
      },
    ],
  },
  units: UNITS_ART_10_ASH,
});

export const ashYardUnrestored = defineRule({
  id: 'ash_yard.unrestored',
  article: '10',
  title: { zh: '已闭库储灰场未恢复原貌', en: 'Closed ash yard not restored' },
  explanation: {
    zh: '第10条：已闭库的储灰场采取种草、种树等措施恢复原貌。已闭库且记录为未恢复的储灰场即列为问题线索，未记录的列为待核查。',
    en: 'Art. 10: closed ash yards are restored with grass and trees. A closed yard recorded as not restored is flagged; one with nothing recorded needs inspection.',
  },
  siteLayer: 'ash_yards',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'status', op: 'eq', value: 'closed' },
      { attr: 'restored', op: 'notTrue' },
    ],
  },
  units: UNITS_ART_10_ASH,
});

/** Art. 6 (coal-ban zones) and art. 4 (coal-fired boilers). */
import { defineRule } from '../rule.ts';

export const coalBanSalesPoint = defineRule({
  id: 'coal_ban.sales_point',
  article: '6',
  title: { zh: '禁煤区内散煤销售点', en: 'Loose-coal sales point inside a coal-ban zone' },
  explanation: {
    zh: '第6条：“禁煤区”内取消散煤销售网点，严禁散煤流入。经营中或疑似经营的散煤销售点位于禁煤区内（含边界）即列为违规。',
    en: 'Art. 6: loose-coal sales outlets are abolished inside coal-ban zones and no loose coal may flow in. A sales point that is operating or suspected of operating inside (or on the edge of) a coal-ban zone is flagged.',
  },
  siteLayer: 'coal_sales_points',
  zoneLayers: ['coal_ban_zones'],
  condition: { attr: 'status', op: 'in', value: ['operating', 'suspected'] },
});

export const coalBanBoiler = defineRule({
  id: 'coal_ban.boiler',
  article: '4, 6',
  title: { zh: '禁煤区或建成区内在用燃煤锅炉/炉窑', en: 'Coal-fired boiler or furnace in use in a coal-ban zone or the built-up area' },
  explanation: {
    zh: '第4、6条：全面淘汰不符合政策要求的燃煤锅炉，实施燃煤设施清洁能源替代。燃料为煤、状态为在用的锅炉或炉窑位于禁煤区或建成区内（含边界）即列为违规。',
    en: 'Arts. 4 and 6: non-compliant coal-fired boilers are phased out and coal installations switch to clean energy. A boiler or furnace burning coal and in use inside (or on the edge of) a coal-ban zone or the built-up area is flagged.',
  },
  siteLayer: 'boilers',
  zoneLayers: ['coal_ban_zones', 'built_up_areas'],
  condition: {
    all: [
      { attr: 'fuel', op: 'eq', value: 'coal' },
      { attr: 'status', op: 'eq', value: 'in_use' },
    ],
  },
});

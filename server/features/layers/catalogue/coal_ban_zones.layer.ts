import { date, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const coalBanZones = defineLayer({
  id: 'coal_ban_zones',
  group: 'zones',
  geometryType: 'Polygon',
  regulated: true,
  title: { zh: '禁煤区', en: 'Coal-ban zones' },
  articles: ['6'],
  color: '#d7301f',
  attributes: [
    text('code', '编号', 'Zone code'),
    text('decree', '划定文号', 'Designating decree'),
    date('effective_date', '生效日期', 'Effective date'),
    text('lead_unit', '牵头单位', 'Lead unit'),
    text('note', '备注', 'Note'),
  ],
  restrictions: [
    { id: 'coal_ban.no_sales', article: '6', zh: '“禁煤区”内取消散煤销售网点。', en: 'No loose-coal sales outlets inside the coal-ban zone.' },
    { id: 'coal_ban.no_inflow', article: '6', zh: '严禁散煤流入，坚决遏制散煤复烧。', en: 'No loose coal may flow in; re-burning of loose coal is stopped.' },
    {
      id: 'coal_ban.no_coal_boilers',
      article: '4, 6, 7',
      zh: '全面淘汰不符合政策要求的燃煤锅炉；新、改、扩建加热炉、热处理炉、干燥炉、熔化炉采用清洁低碳能源，不得使用煤炭等高污染燃料。',
      en: 'Non-compliant coal-fired boilers are phased out; new, rebuilt or expanded heating, heat-treatment, drying and melting furnaces use clean low-carbon energy, never coal.',
    },
  ],
});

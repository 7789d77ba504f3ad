import { date, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

const DESIGNATION_HELP = {
  zh: '必填：划定该禁煤区的政府文件文号及其生效日期，执法时据此引用。行动计划规定禁煤区内的要求，不是划定文件。',
  en: 'Required: the number of the government notice that designated this zone and the day it took effect, cited in enforcement. The action plan sets the rules inside the zone; it is not a designating notice.',
};

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
    // required: a zone an inspector cites must name the notice that designated it and the day it took effect
    text('decree', '划定文号', 'Designating decree', { required: true, help: DESIGNATION_HELP }),
    date('effective_date', '生效日期', 'Effective date', { required: true, help: DESIGNATION_HELP }),
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

import { date, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const nrmmControlZones = defineLayer({
  id: 'nrmm_control_zones',
  group: 'zones',
  geometryType: 'Polygon',
  regulated: true,
  title: { zh: '非道路移动机械排放控制区', en: 'NRMM emission control zones' },
  articles: ['9'],
  color: '#ec7014',
  attributes: [
    text('code', '编号', 'Zone code'),
    oneOf('min_stage', '最低排放阶段', 'Minimum emission stage', [
      ['III', '国三', 'China III'],
      ['IV', '国四', 'China IV'],
    ]),
    date('effective_date', '生效日期', 'Effective date'),
    text('decree', '划定文号', 'Designating decree'),
  ],
  restrictions: [
    { id: 'nrmm.stage', article: '9', zh: '不得使用国三以下排放标准的非道路移动机械。', en: 'No non-road machinery below the China III emission stage.' },
    { id: 'nrmm.registered', article: '9', zh: '不得使用未编码登记的非道路移动机械。', en: 'No unregistered (un-coded) non-road machinery.' },
    {
      id: 'nrmm.black_smoke',
      article: '9',
      zh: '不得使用冒黑烟等超标排放的非道路移动机械；民生保障和应急抢险除外。',
      en: 'No machinery emitting visible black smoke; livelihood and emergency uses are exempt.',
    },
  ],
});

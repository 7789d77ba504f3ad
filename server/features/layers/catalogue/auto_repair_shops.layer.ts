import { bool, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const autoRepairShops = defineLayer({
  id: 'auto_repair_shops',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '汽车维修企业', en: 'Auto-repair shops' },
  articles: ['12'],
  color: '#542788',
  attributes: [
    text('operator', '经营单位', 'Operator'),
    text('credit_code', '统一社会信用代码', 'Unified social credit code'),
    bool('spray_painting', '含喷涂工序', 'Spray-painting process'),
    oneOf('treatment', '喷涂废气治理设施', 'Paint-fume treatment', [
      ['efficient', '高效治理设施', 'Efficient treatment'],
      ['simple', '简易低效设施', 'Simple, low-efficiency'],
      ['none', '无', 'None'],
    ]),
    text('address', '地址', 'Address'),
  ],
  restrictions: [],
});

import { bool, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const restaurants = defineLayer({
  id: 'restaurants',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '餐饮单位', en: 'Restaurants' },
  articles: ['12'],
  color: '#c51b7d',
  attributes: [
    text('operator', '经营单位', 'Operator'),
    text('credit_code', '统一社会信用代码', 'Unified social credit code'),
    oneOf('scale', '规模', 'Scale', [
      ['small', '小型', 'Small'],
      ['medium', '中型', 'Medium'],
      ['large', '大型', 'Large'],
    ]),
    bool('fume_purifier', '油烟净化设施', 'Fume purifier installed'),
    bool('purifier_effective', '油烟净化设施达到治理要求', 'Purifier meets requirements', {
      help: { zh: '简易或已损坏的设施达不到治理要求', en: 'Makeshift or broken purifiers fall short' },
    }),
    bool('key_emitter', '重点油烟排放单位', 'Key fume emitter'),
    bool('fume_monitoring', '油烟监控接入市平台', 'Fume monitoring linked to the city platform'),
    text('address', '地址', 'Address'),
  ],
  restrictions: [],
});

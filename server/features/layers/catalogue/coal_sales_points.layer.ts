import { oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const coalSalesPoints = defineLayer({
  id: 'coal_sales_points',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '散煤销售点', en: 'Loose-coal sales points' },
  articles: ['6'],
  color: '#252525',
  attributes: [
    oneOf(
      'status',
      '经营状态',
      'Status',
      [
        ['operating', '经营中', 'Operating'],
        ['suspected', '疑似经营', 'Suspected'],
        ['closed', '已取缔', 'Closed'],
      ],
      { required: true },
    ),
    oneOf('coal_type', '煤种', 'Coal type', [
      ['loose', '散煤', 'Loose coal'],
      ['clean', '洁净煤', 'Clean coal'],
    ]),
    text('licence_no', '统一社会信用代码', 'Unified social credit code'),
    text('operator', '经营者', 'Operator'),
    text('address', '地址', 'Address'),
  ],
  restrictions: [],
});

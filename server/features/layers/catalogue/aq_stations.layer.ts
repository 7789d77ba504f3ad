import { oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const aqStations = defineLayer({
  id: 'aq_stations',
  group: 'reference',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '空气质量监测站', en: 'Air-quality stations' },
  articles: ['§5(2)'],
  color: '#4393c3',
  attributes: [
    oneOf(
      'station_type',
      '站点类型',
      'Station type',
      [
        ['national', '国控站', 'National control'],
        ['street', '街道站', 'Street'],
        ['traffic', '交通干线站', 'Traffic artery'],
        ['corridor', '传输通道站', 'Transport corridor'],
        ['particulate', '颗粒物组分站', 'Particulate components'],
        ['voc', '挥发性有机物组分站', 'VOC components'],
        ['micro', '微型站', 'Micro station'],
      ],
      { required: true },
    ),
    text('operator', '运维单位', 'Operator'),
  ],
  restrictions: [],
});

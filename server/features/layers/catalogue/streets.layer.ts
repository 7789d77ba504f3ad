import { text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const streets = defineLayer({
  id: 'streets',
  group: 'reference',
  geometryType: 'Polygon',
  regulated: false,
  title: { zh: '街道办事处辖区', en: 'Street-office areas' },
  articles: [],
  color: '#878787',
  attributes: [text('code', '区划代码', 'Division code', { required: true })],
  restrictions: [],
});

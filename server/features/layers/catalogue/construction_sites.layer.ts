import { bool, date, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const constructionSites = defineLayer({
  id: 'construction_sites',
  group: 'sites',
  geometryType: 'Point',
  regulated: true,
  title: { zh: '建筑施工工地', en: 'Construction sites' },
  articles: ['10'],
  color: '#8c510a',
  attributes: [
    text('permit_no', '施工许可证号', 'Construction permit no.'),
    oneOf('site_type', '工地类型', 'Site type', [
      ['building', '房屋建筑', 'Building'],
      ['municipal', '市政工程', 'Municipal works'],
      ['road', '道路工程', 'Road works'],
      ['demolition', '拆迁工地', 'Demolition'],
    ], { required: true }),
    oneOf('status', '状态', 'Status', [
      ['active', '在建', 'Active'],
      ['suspended', '停工', 'Suspended'],
      ['finished', '完工', 'Finished'],
    ], { required: true }),
    bool('above_scale', '规模以上', 'Above scale'),
    bool('hoarding', '周边围挡', 'Perimeter hoarding'),
    bool('stockpile_covered', '物料堆放覆盖', 'Stockpiles covered'),
    bool('wet_earthwork', '土方开挖湿法作业', 'Wet earthworks'),
    bool('roads_hardened', '路面硬化', 'Site roads hardened'),
    bool('vehicle_washing', '出入车辆清洗', 'Vehicle washing'),
    bool('sealed_transport', '渣土车辆密闭运输', 'Sealed spoil transport'),
    bool('bare_soil', '有裸露土方或未硬化道路', 'Bare soil or unhardened roads'),
    bool('green_net', '绿网覆盖', 'Green net cover'),
    bool('dust_suppressant', '喷洒抑尘剂', 'Dust suppressant sprayed'),
    bool('video', '视频监控', 'Video monitoring'),
    bool('video_online', '视频接入监管平台', 'Video linked to regulator'),
    bool('wet_demolition', '湿式拆除作业', 'Wet demolition'),
    bool('fog_cannon', '雾炮车降尘', 'Fog cannon'),
    text('developer', '建设单位', 'Developer'),
    text('contractor', '施工单位', 'Contractor'),
    date('start_date', '开工日期', 'Start date'),
  ],
  restrictions: [],
});

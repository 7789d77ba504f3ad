/**
 * 点位核查报告: one checked point as an A4 PDF. Everything in it comes from the site check itself
 * (checkPointWithDistances, the function behind GET /api/check) and the catalogues; the map is
 * drawn as vectors from the zone geometries around the point.
 */
import type { Db } from '../../db/db.ts';
import { PROJECTED } from '../../lib/crs.ts';
import { checkPointWithDistances, type CheckInput } from '../check/check.service.ts';
import { NEAR_DEFAULT_M } from '../check/distance.service.ts';
import { findLayer, LAYERS } from '../layers/catalogue/index.ts';
import { listLayers, STREETS_DEMO_NOTE, STREETS_DEMO_SUFFIX, streetsAreDemo } from '../layers/layer-catalogue.service.ts';
import { RULES } from '../rules/catalogue/index.ts';
import { drawMap, type MapStyle } from './reports.map.ts';
import { A4, CONTENT_WIDTH, DEMO_DISCLAIMER, finish, heading, localDateTime, newReport, para, PLAN_TITLE, SYSTEM_NAME, titleBlock } from './reports.pdf.ts';
import { zonesInBox } from './reports.repo.ts';
import { articleZh } from '../../lib/articles.ts';

export const CHECK_REPORT_TITLE = '点位核查报告';

const POLYGON_LAYERS = LAYERS.filter((l) => l.geometryType === 'Polygon');
const CRS_NAMES: Record<string, string> = {
  wgs84: 'WGS84',
  cgcs2000: 'CGCS2000（EPSG:4490）',
  gcj02: 'GCJ-02（高德/腾讯）',
  bd09: 'BD-09（百度）',
  epsg4547: 'CGCS2000 高斯-克吕格 3°带 114°E（EPSG:4547）',
  epsg4526: 'CGCS2000 高斯-克吕格 3°带 第38带（EPSG:4526）',
};

const metres = (m: number) => (Math.abs(m) >= 1000 ? `${(m / 1000).toFixed(2)} 千米` : `${m.toFixed(1)} 米`);

export async function checkReportPdf(db: Db, input: CheckInput, linkTo: (p: { lng: number; lat: number }) => string): Promise<Buffer> {
  const verdict = await checkPointWithDistances(db, input);
  const { distances } = verdict;
  const [{ demo }, streetsDemo] = await Promise.all([listLayers(db), streetsAreDemo(db)]);
  const { lng, lat } = verdict.point;
  const viewLink = linkTo(verdict.point);

  // the map: at least 3 km across, larger so that the boundaries within 4 km show (at most 30 km)
  const reach = Math.max(
    0,
    ...Object.values(distances)
      .map(Math.abs)
      .filter((m) => m <= 4000),
  );
  const widthM = Math.min(30_000, Math.max(3000, (reach * 2.4) / 0.6));
  const heightM = widthM * 0.6;
  const dLng = widthM / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  const dLat = heightM / 2 / 110_570;
  const shapes = await zonesInBox(
    db,
    [lng - dLng * 1.05, lat - dLat * 1.05, lng + dLng * 1.05, lat + dLat * 1.05],
    POLYGON_LAYERS.map((l) => l.id),
  );
  const styles = new Map<string, MapStyle>(POLYGON_LAYERS.map((l) => [l.id, { title: l.title.zh, color: l.color, outline: l.group === 'reference' }]));

  const doc = await newReport(CHECK_REPORT_TITLE);
  titleBlock(doc, CHECK_REPORT_TITLE, `${SYSTEM_NAME}　依据 ${PLAN_TITLE}`, demo);
  doc.moveDown(0.5);
  para(doc, `生成时间：${localDateTime()}（北京时间）`);
  const given = PROJECTED.has(input.crs) ? `x（东）${input.a}，y（北）${input.b}` : `经度 ${input.a}，纬度 ${input.b}`;
  para(doc, `输入坐标（${CRS_NAMES[input.crs] ?? input.crs}）：${given}`);
  para(doc, `WGS84 坐标：经度 ${lng.toFixed(6)}，纬度 ${lat.toFixed(6)}`);
  const street = verdict.zones.find((z) => z.layer === 'streets');
  para(doc, `所在街道办事处：${street ? `${street.name}${streetsDemo ? STREETS_DEMO_SUFFIX : ''}` : '不在已登记的街道辖区内'}`);
  if (street && streetsDemo) para(doc, STREETS_DEMO_NOTE, { size: 8.5, color: '#b45309' });

  const mapTop = doc.y + 10;
  const mapH = CONTENT_WIDTH * 0.6; // the same 5:3 as widthM : heightM
  const below = drawMap(doc, {
    x: A4.margin,
    y: mapTop,
    w: CONTENT_WIDTH,
    h: mapH,
    center: [lng, lat],
    widthM,
    zones: shapes.map((s) => ({ layer: s.layer_id, geometry: JSON.parse(s.geometry) })),
    styles,
    pointLabel: '核查点',
  });
  doc.x = A4.margin;
  doc.y = below + 4;
  para(doc, '图例说明：彩色填充为管控区域，虚线为街道办事处辖区及清洁取暖改造区域边界，红点为核查点。', { size: 8, color: '#6b7280' });

  // page 2: the verdict in words
  doc.addPage();
  heading(doc, '一、所在区域');
  const zones = verdict.zones.filter((z) => z.layer !== 'streets');
  if (zones.length === 0) para(doc, '该点不在任何管控区域内。');
  for (const z of zones) para(doc, `· ${findLayer(z.layer)?.title.zh ?? z.layer}：${z.name}`);

  heading(doc, '二、距管控区域边界');
  const near = Object.entries(distances).filter(([, m]) => Math.abs(m) <= NEAR_DEFAULT_M);
  for (const [layer, m] of Object.entries(distances)) {
    const title = findLayer(layer)?.title.zh ?? layer;
    para(
      doc,
      `· ${m <= 0 ? `位于${title}内，距边界` : `位于${title}外，距边界`} ${metres(Math.abs(m))}${Math.abs(m) <= NEAR_DEFAULT_M ? `（${NEAR_DEFAULT_M} 米内，临近边界，建议现场核实）` : ''}`,
    );
  }
  if (Object.keys(distances).length === 0) para(doc, '数据库中没有带管控要求的区域。');

  heading(doc, '三、适用的管控要求（行动计划条款）');
  if (verdict.rules.length === 0) para(doc, '该点不在带管控要求的区域内，行动计划的区域性要求不适用。');
  for (const r of verdict.rules) para(doc, `· ${articleZh(r.article)}（${findLayer(r.layer)?.title.zh ?? r.layer}）：${r.zh}`);
  const layersHere = new Set(verdict.zones.map((z) => z.layer));
  const related = RULES.filter((r) => r.zoneLayers.some((l) => layersHere.has(l)));
  if (related.length > 0) {
    heading(doc, '四、相关核查规则及说明');
    for (const r of related) {
      doc
        .font('zh-bold')
        .fontSize(10)
        .fillColor('#111827')
        .text(`${articleZh(r.article)}　${r.title.zh}`, A4.margin, undefined, { width: CONTENT_WIDTH });
      para(doc, r.explanation.zh, { indent: 12, color: '#374151' });
      doc.moveDown(0.2);
    }
  }

  heading(doc, related.length > 0 ? '五、提示' : '四、提示');
  const warnings = [
    ...verdict.warnings.map((w) => w.zh),
    ...(near.length
      ? [`该点距 ${near.map(([l]) => findLayer(l)?.title.zh ?? l).join('、')} 边界不足 ${NEAR_DEFAULT_M} 米，区域边界精度有限，请现场核实。`]
      : []),
  ];
  if (warnings.length === 0) para(doc, '无。');
  for (const w of warnings) para(doc, `· ${w}`, { color: '#92400e' });

  heading(doc, '数据来源与说明');
  para(doc, `区域与点位数据来自${SYSTEM_NAME}（生成时的数据库内容）；区域判定以边界为内（含边界）；距离为到最近边界的椭球面距离。`);
  if (demo) para(doc, DEMO_DISCLAIMER, { color: '#b91c1c' });
  para(doc, '本报告为点位核查的辅助材料，问题线索须经现场核查确认；结论以主管部门正式文件为准。', { color: '#374151' });
  para(doc, `在系统中查看：${viewLink}`, { color: '#1d4ed8' });
  doc.link(A4.margin, doc.y - 14, CONTENT_WIDTH, 14, viewLink);

  return finish(doc, `${CHECK_REPORT_TITLE}　${SYSTEM_NAME}`);
}

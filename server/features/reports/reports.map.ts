/**
 * A map drawn as vectors with pdfkit: zone polygons (fill + outline in the catalogue's colours),
 * street-office outlines, the checked point, a scale bar, a north arrow and a legend. Coordinates
 * go through EPSG:4547 (metres), so the scale bar is true to well under 0.1 % here.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { fromWgs84 } from '../../lib/crs.ts';
import type { Doc } from './reports.pdf.ts';

export interface MapZone {
  layer: string;
  geometry: Geometry;
}

export interface MapStyle {
  title: string;
  color: string;
  /** Outline only (reference layers such as street offices). */
  outline?: boolean;
}

export interface MapSpec {
  x: number;
  y: number;
  w: number;
  h: number;
  /** WGS84 centre of the map and the point marked on it. */
  center: [number, number];
  /** Ground metres across the map's width. */
  widthM: number;
  zones: readonly MapZone[];
  styles: ReadonlyMap<string, MapStyle>;
  pointLabel: string;
}

const NICE = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000];

function rings(g: Geometry): Position[][][] {
  if (g.type === 'Polygon') return [(g as Polygon).coordinates];
  if (g.type === 'MultiPolygon') return (g as MultiPolygon).coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(rings);
  return [];
}

export function drawMap(doc: Doc, m: MapSpec): number {
  const [cx, cy] = fromWgs84('epsg4547', ...m.center);
  const k = m.w / m.widthM; // pt per metre
  const toPt = (p: Position): [number, number] => {
    const [x, y] = fromWgs84('epsg4547', p[0]!, p[1]!);
    return [m.x + m.w / 2 + (x - cx) * k, m.y + m.h / 2 - (y - cy) * k];
  };

  doc.save();
  doc.rect(m.x, m.y, m.w, m.h).fillColor('#f8fafc').fill();
  doc.rect(m.x, m.y, m.w, m.h).clip();
  // filled zones first, outlines (streets) on top
  const order = [...m.zones].sort((a, b) => Number(m.styles.get(a.layer)?.outline ?? false) - Number(m.styles.get(b.layer)?.outline ?? false));
  for (const z of order) {
    const style = m.styles.get(z.layer);
    if (!style) continue;
    for (const poly of rings(z.geometry)) {
      for (const ring of poly) {
        ring.forEach((p, i) => {
          const [px, py] = toPt(p);
          if (i === 0) doc.moveTo(px, py);
          else doc.lineTo(px, py);
        });
        doc.closePath();
      }
      if (style.outline) doc.lineWidth(0.8).dash(3, { space: 2 }).strokeColor(style.color).stroke().undash();
      else doc.lineWidth(1).fillOpacity(0.28).strokeOpacity(0.9).fillAndStroke(style.color, style.color, 'even-odd').fillOpacity(1).strokeOpacity(1);
    }
  }
  // the point
  const [px, py] = [m.x + m.w / 2, m.y + m.h / 2];
  doc.circle(px, py, 5).lineWidth(1.5).fillAndStroke('#dc2626', '#ffffff');
  doc
    .font('zh-bold')
    .fontSize(8)
    .fillColor('#991b1b')
    .text(m.pointLabel, px + 8, py - 5, { lineBreak: false });
  doc.restore();
  doc.rect(m.x, m.y, m.w, m.h).lineWidth(0.8).strokeColor('#6b7280').stroke();

  // north arrow (top right)
  const ax = m.x + m.w - 22;
  const ay = m.y + 12;
  doc.save();
  doc
    .moveTo(ax, ay)
    .lineTo(ax - 6, ay + 18)
    .lineTo(ax, ay + 13)
    .closePath()
    .fillColor('#111827')
    .fill();
  doc
    .moveTo(ax, ay)
    .lineTo(ax + 6, ay + 18)
    .lineTo(ax, ay + 13)
    .closePath()
    .lineWidth(0.6)
    .strokeColor('#111827')
    .stroke();
  doc
    .font('zh-bold')
    .fontSize(9)
    .fillColor('#111827')
    .text('北', ax - 5, ay + 19, { width: 10, align: 'center', lineBreak: false });
  doc.restore();

  // scale bar (bottom left): a round length near a quarter of the width
  const target = m.widthM / 4;
  const len = NICE.reduce((best, n) => (Math.abs(n - target) < Math.abs(best - target) ? n : best), NICE[0]!);
  const bx = m.x + 12;
  const by = m.y + m.h - 16;
  const bw = len * k;
  doc.save();
  doc
    .rect(bx - 4, by - 12, bw + 8, 22)
    .fillOpacity(0.8)
    .fillColor('#ffffff')
    .fill()
    .fillOpacity(1);
  doc
    .rect(bx, by, bw / 2, 4)
    .fillColor('#111827')
    .fill();
  doc
    .rect(bx + bw / 2, by, bw / 2, 4)
    .lineWidth(0.6)
    .strokeColor('#111827')
    .stroke();
  doc.rect(bx, by, bw, 4).lineWidth(0.6).strokeColor('#111827').stroke();
  doc
    .font('zh')
    .fontSize(7)
    .fillColor('#111827')
    .text(len >= 1000 ? `${len / 1000} 千米` : `${len} 米`, bx, by - 10, { width: bw, align: 'right', lineBreak: false });
  doc.text('0', bx, by - 10, { lineBreak: false });
  doc.restore();

  // legend (below the map)
  let lx = m.x;
  let ly = m.y + m.h + 8;
  doc.font('zh').fontSize(8);
  const entries = [...m.styles.entries()].filter(([id]) => m.zones.some((z) => z.layer === id));
  for (const [, style] of [...entries, ['point', { title: m.pointLabel, color: '#dc2626' } as MapStyle] as const]) {
    const w = 14 + doc.widthOfString(style.title) + 14;
    if (lx + w > m.x + m.w) {
      lx = m.x;
      ly += 14;
    }
    if (style === undefined) continue;
    if (style.title === m.pointLabel)
      doc
        .circle(lx + 5, ly + 5, 3.5)
        .fillColor('#dc2626')
        .fill();
    else if (style.outline)
      doc
        .rect(lx, ly + 1, 10, 8)
        .lineWidth(0.8)
        .dash(2, { space: 1.5 })
        .strokeColor(style.color)
        .stroke()
        .undash();
    else
      doc
        .rect(lx, ly + 1, 10, 8)
        .fillOpacity(0.35)
        .fillAndStroke(style.color, style.color)
        .fillOpacity(1);
    doc.fillColor('#111827').text(style.title, lx + 14, ly, { lineBreak: false });
    lx += w;
  }
  doc
    .font('zh')
    .fontSize(7)
    .fillColor('#6b7280')
    .text('投影：CGCS2000 高斯-克吕格 3°带 114°E（EPSG:4547），北向为坐标网格北。', m.x, ly + 14, { width: m.w, lineBreak: false });
  return ly + 26;
}

/**
 * Chooses the CRS and axis order for a file. An explicit `crs=` wins, then what the file declares
 * (.prj, GeoJSON crs, EWKT SRID, KML's fixed WGS84), then the coordinates themselves: each
 * candidate system is tried on a sample and the one that puts most of it inside the district's sane
 * extent wins. Axis order is judged the same way, which catches lat/lon files and the Chinese
 * surveying habit of X = northing. GCJ-02 vs WGS84 (600 m) cannot be told apart this way: see
 * datum-check.ts.
 */
import proj4 from 'proj4';
import type { ImportWarning } from './io.types.ts';
import { knownCrs, type Crs } from './crs-resolve.ts';
import { insideSane, SANE_EXTENT_TEXT } from '../../lib/extent.ts';
import type { Pos } from './geometry.ts';

export type CrsSource = 'override' | 'prj' | 'geojson-crs' | 'ewkt' | 'format' | 'content';
export type SwapParam = 'auto' | 'true' | 'false';

export interface CrsChoice {
  crs: Crs;
  source: CrsSource;
  swap: boolean;
  /** Share of sampled positions inside the sane extent with this choice (0..1). */
  inside: number;
  warnings: ImportWarning[];
}

const webMercator: Crs = (() => {
  const conv = proj4('EPSG:3857', 'EPSG:4326');
  return { id: 'EPSG:3857', label: 'Web Mercator (EPSG:3857)', projected: true, toWgs84: (a, b) => conv.forward([a, b]) as [number, number] };
})();

/** What a file without a declaration may be in, in order of preference on a tie. */
const CANDIDATES: readonly Crs[] = [knownCrs('wgs84'), knownCrs('epsg4547'), knownCrs('epsg4526'), webMercator];

export function convert(crs: Crs, swap: boolean, [a, b]: Pos): Pos | undefined {
  try {
    const out = swap ? crs.toWgs84(b, a) : crs.toWgs84(a, b);
    return Number.isFinite(out[0]) && Number.isFinite(out[1]) ? out : undefined;
  } catch {
    return undefined;
  }
}

function insideShare(crs: Crs, swap: boolean, sample: readonly Pos[]): number {
  if (sample.length === 0) return 0;
  let n = 0;
  for (const p of sample) {
    const w = convert(crs, swap, p);
    if (w && insideSane(w)) n++;
  }
  return n / sample.length;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function chooseCrs(sample: readonly Pos[], given: { crs: Crs; source: CrsSource } | undefined, swapParam: SwapParam): CrsChoice {
  const warnings: ImportWarning[] = [];
  const swaps = swapParam === 'auto' ? [false, true] : [swapParam === 'true'];
  const candidates = given ? [given.crs] : CANDIDATES;
  let best = { crs: candidates[0]!, swap: swaps[0]!, inside: -1 };
  for (const crs of candidates)
    for (const swap of swaps) {
      const inside = insideShare(crs, swap, sample);
      // strictly better only: ties keep the earlier (unswapped, more common) reading
      if (inside > best.inside + 1e-9) best = { crs, swap, inside };
    }
  // swapping is only worth it when the unswapped reading is clearly wrong
  if (swapParam === 'auto' && best.swap && insideShare(best.crs, false, sample) >= best.inside * 0.5)
    best = { ...best, swap: false, inside: insideShare(best.crs, false, sample) };
  const source: CrsSource = given?.source ?? 'content';
  // a guessed WGS84 is what GeoJSON and lon/lat columns mean anyway; a guessed projection needs a look
  if (!given && sample.length > 0 && best.crs.projected)
    warnings.push({
      code: 'CRS_GUESSED',
      zh: `文件未声明坐标系；按坐标数值判断为 ${best.crs.label}，请确认`,
      en: `The file declares no CRS; the coordinates fit ${best.crs.label}. Please confirm`,
      crs: best.crs.id,
    });
  if (best.swap && swapParam === 'auto')
    warnings.push({
      code: 'AXES_SWAPPED',
      zh: '坐标顺序看起来是 纬度/北坐标 在前：已自动交换（可用 swapXY=false 取消）',
      en: 'Coordinates look like latitude/northing first: axes were swapped (swapXY=false to undo)',
      share: best.inside,
    });
  if (sample.length > 0 && best.inside < 0.5)
    warnings.push({
      code: 'OUTSIDE_DISTRICT_AREA',
      zh: `按 ${best.crs.label} 只有 ${pct(best.inside)} 的抽样要素位于平城区及周边（${SANE_EXTENT_TEXT}）：坐标系可能不对`,
      en: `With ${best.crs.label} only ${pct(best.inside)} of sampled features fall in and around Pingcheng (${SANE_EXTENT_TEXT}): is the CRS right?`,
      share: best.inside,
    });
  return { crs: best.crs, source, swap: best.swap, inside: Math.max(0, best.inside), warnings };
}

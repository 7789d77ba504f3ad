/**
 * Is the file GCJ-02 (AMap/Tencent) or BD-09 (Baidu) while read as WGS84, or the other way round?
 * The extent cannot tell (the shift is ≈ 600 m / 1.4 km), so the file is compared with what the
 * layer already holds: the sample is converted under each hypothesis and the median distance to
 * the nearest existing feature measured. A file that sits ≈ 600 m east of the layer as read, but on
 * top of it when treated as GCJ-02, is almost certainly copied from a Chinese consumer map.
 */
import type { Queryable } from '../../db/db.ts';
import type { CrsId } from '../../lib/crs.ts';
import { knownCrs, type Crs } from './crs-resolve.ts';
import { convert } from './crs-detect.ts';
import { mapPositions, type Geometry } from './geometry.ts';
import type { ImportWarning } from './io.types.ts';
import { layerFeatureCount, medianDistanceToLayer } from './import.repo.ts';

const HYPOTHESES: readonly CrsId[] = ['wgs84', 'gcj02', 'bd09'];
const NAMES: Record<string, string> = { wgs84: 'WGS84', gcj02: 'GCJ-02（高德/腾讯）', bd09: 'BD-09（百度）' };

export interface DatumCheck {
  /** Why no comparison was made, when none was. */
  skipped?: string;
  referenceFeatures?: number;
  sample?: number;
  /** Median metres to the nearest existing feature, per hypothesis. */
  medianM?: Partial<Record<CrsId, number>>;
}

export async function checkDatumShift(
  db: Queryable,
  layerId: string,
  chosen: Crs,
  swap: boolean,
  sample: readonly Geometry[],
): Promise<{ check: DatumCheck; warning?: ImportWarning }> {
  const as = chosen.id === 'cgcs2000' ? 'wgs84' : chosen.id;
  if (!HYPOTHESES.includes(as as CrsId)) return { check: { skipped: 'projected CRS: no consumer-map offset applies' } };
  if (sample.length < 3) return { check: { skipped: 'fewer than 3 features to compare' } };
  const reference = await layerFeatureCount(db, layerId);
  if (reference < 3) return { check: { skipped: 'the layer holds fewer than 3 features to compare with', referenceFeatures: reference } };

  const medianM: Partial<Record<CrsId, number>> = {};
  for (const h of HYPOTHESES) {
    const crs = knownCrs(h);
    const geoms = sample.map((g) => mapPositions(g, (p) => convert(crs, swap, p) ?? [Number.NaN, Number.NaN]));
    const { median } = await medianDistanceToLayer(db, layerId, geoms);
    if (median !== null) medianM[h] = Math.round(median * 10) / 10;
  }
  const check: DatumCheck = { referenceFeatures: reference, sample: sample.length, medianM };
  const current = medianM[as as CrsId];
  const [bestId, best] = (Object.entries(medianM) as [CrsId, number][]).sort((a, b) => a[1] - b[1])[0] ?? [];
  // a real shift: the file is far (> 150 m) from the layer as read, and at least 3× closer when re-read
  if (current === undefined || bestId === undefined || best === undefined || bestId === as || current < 150 || best > current / 3) return { check };
  return {
    check,
    warning: {
      code: 'DATUM_SHIFT_SUSPECTED',
      zh: `按 ${NAMES[as]} 读取时，要素与图层现有要素相距约 ${Math.round(current)} 米；按 ${NAMES[bestId]} 读取则只差约 ${Math.round(best)} 米。坐标可能来自${bestId === 'wgs84' ? ' WGS84/GPS' : '高德/腾讯/百度等互联网地图'}，建议使用 crs=${bestId}`,
      en: `Read as ${as}, the features lie ≈ ${Math.round(current)} m from the layer's existing features; read as ${bestId}, ≈ ${Math.round(best)} m. The coordinates probably come from ${bestId === 'wgs84' ? 'GPS/WGS84' : 'a Chinese consumer map (AMap/Tencent/Baidu)'}: consider crs=${bestId}`,
      suggestCrs: bestId,
      medianM,
    },
  };
}

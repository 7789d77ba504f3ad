/**
 * The site check: which zones cover a point, and what the plan says applies there.
 * Input coordinates may come in any CRS the bureau uses; they are converted to WGS84 first.
 */
import type { Db, Queryable } from '../../db/db.ts';
import { DomainError, inputError, type Bilingual } from '../../lib/errors.ts';
import { insideDistrictExtent, PROJECTED, toWgs84, type CrsId } from '../../lib/crs.ts';
import { spatialOrder } from '../../lib/spatial-order.ts';
import { LAYERS } from '../layers/catalogue/index.ts';
import { formatAsOf, inForceAt, nowAsOf, type AsOf } from '../rules/as-of.ts';
import { RULES } from '../rules/catalogue/index.ts';
import type { CheckResponse, CheckWarning } from './check.contract.ts';
import { type Distances, hitDistances } from './distance.service.ts';
import { type VerdictZone, type ZoneIndex, zoneIndex } from './zone-index.ts';

/** Every polygon layer is a zone layer for the check, in catalogue order. */
const ZONE_LAYERS = LAYERS.filter((l) => l.geometryType === 'Polygon');
const ZONE_LAYER_IDS = ZONE_LAYERS.map((l) => l.id);

export interface CheckInput {
  crs: CrsId;
  /** lng or easting */
  a: number;
  /** lat or northing */
  b: number;
  /** When (Asia/Shanghai); undefined = now. Decides which dated rules and time windows are in force. */
  asOf?: AsOf;
}

const outOfRange = (what: Bilingual) => inputError('INVALID_COORDINATES', { zh: `坐标无效：${what.zh}`, en: `Invalid coordinates: ${what.en}` });

/** Rejects impossible input before conversion, with a hint when the numbers look swapped. */
function checkInputRange({ crs, a, b }: CheckInput): void {
  if (PROJECTED.has(crs)) {
    // Gauss–Krüger in China: northing ≈ 4.4e6 m here, easting < 1e6 (EPSG:4547) or 38.xe6 (EPSG:4526).
    if (a > 1_000_000 && b < 1_000_000 && crs === 'epsg4547')
      throw outOfRange({
        zh: 'x 应为东坐标（约 40 万–60 万米），y 为北坐标；是否把 x/y 填反了？',
        en: 'x must be the easting (≈400 000–600 000 m) and y the northing; are x and y swapped?',
      });
    if (crs === 'epsg4547' && a > 30_000_000)
      throw outOfRange({ zh: '东坐标带有带号 38，请选择 EPSG:4526', en: 'the easting carries zone number 38: choose EPSG:4526' });
    if (b < 0 || b > 10_000_000) throw outOfRange({ zh: '北坐标超出范围', en: 'northing out of range' });
    return;
  }
  if (a < -180 || a > 180) throw outOfRange({ zh: '经度必须在 -180 到 180 之间', en: 'longitude must be within -180..180' });
  if (b < -90 || b > 90) {
    const swapped = a >= -90 && a <= 90 && b >= -180 && b <= 180;
    throw outOfRange(
      swapped
        ? {
            zh: '纬度超出 ±90，经纬度可能填反了（平城区约为 经度113.3、纬度40.1）',
            en: 'latitude beyond ±90: lng and lat look swapped (Pingcheng is about lng 113.3, lat 40.1)',
          }
        : { zh: '纬度必须在 -90 到 90 之间', en: 'latitude must be within -90..90' },
    );
  }
}

/** A point checked: WGS84 position and the warnings that need no database. */
function prepare(input: CheckInput) {
  checkInputRange(input);
  const [lng, lat] = toWgs84(input.crs, input.a, input.b);
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90)
    throw outOfRange({ zh: '坐标转换后超出范围', en: 'coordinates fall outside the earth after conversion' });

  const warnings: CheckWarning[] = [];
  if (!insideDistrictExtent([lng, lat])) {
    const swapped = insideDistrictExtent([lat, lng]);
    warnings.push(
      swapped
        ? {
            code: 'LIKELY_SWAPPED',
            zh: '该点不在平城区，但交换经纬度后在区内：经纬度可能填反了。',
            en: 'The point is outside Pingcheng but inside it with lng/lat swapped: check the axis order.',
          }
        : { code: 'OUTSIDE_DISTRICT', zh: '该点不在平城区范围内。', en: 'The point lies outside Pingcheng District.' },
    );
  }
  return { input, lng, lat, warnings };
}

/** The check's answer without `distances` (the route adds them; batch screening computes them for all rows at once). */
export type CheckVerdict = Omit<CheckResponse, 'distances'>;

/** The moment a verdict is given for, and the plan's time windows then (the same for every point checked at that moment). */
interface Moment {
  asOf: AsOf;
  /** asOf as the verdict states it */
  formatted: string;
  windows: CheckVerdict['windows'];
}

/**
 * The moments met lately, by asOf as stated (which it determines). Checks given no asOf are all
 * checked at the current minute, so one moment serves every check for a minute, and its windows —
 * the same objects each time — are built once (and check.json.ts encodes them once). Read only:
 * verdicts share them. Emptied when full: asOf given by callers could be anything.
 */
const recentMoments = new Map<string, Moment>();
const RECENT_MOMENTS_MAX = 256;

function momentAt(asOf: AsOf): Moment {
  const formatted = formatAsOf(asOf);
  let m = recentMoments.get(formatted);
  if (m) return m;
  // the rules the plan limits in time (a deadline, a season, daily hours), district-wide, and whether they bite at asOf
  const windows = RULES.filter((r) => r.inForce).map((r) => ({
    rule: r.id,
    article: r.article,
    title: r.title,
    text: r.inForce!.text,
    inForce: inForceAt(r.inForce, asOf),
  }));
  m = { asOf, formatted, windows };
  if (recentMoments.size >= RECENT_MOMENTS_MAX) recentMoments.clear();
  recentMoments.set(formatted, m);
  return m;
}

/**
 * The moment of each point of one request: its own asOf, or the request's "now" (one reading of the
 * clock for all its points, so a batch never straddles a minute). A batch's points share each
 * moment's windows: building them anew for every point was a tenth of the batch's time.
 */
function moments(): (input: CheckInput) => Moment {
  let now: Moment | undefined;
  return (input) => {
    if (input.asOf) return momentAt(input.asOf);
    now ??= momentAt(nowAsOf());
    return now;
  };
}

function verdict({ input, lng, lat, warnings }: Prepared, zones: VerdictZone[], { asOf, formatted, windows }: Moment): CheckVerdict {
  const rules: CheckVerdict['rules'] = [];
  for (const layer of ZONE_LAYERS) {
    // an array only for a layer with zones here (most points lie in two or three of the six)
    let ids: string[] | undefined;
    for (const z of zones) {
      if (z.layer !== layer.id) continue;
      ids ??= [];
      ids.push(z.id);
    }
    if (!ids) continue;
    for (const r of layer.restrictions)
      rules.push({
        id: r.id,
        article: r.article,
        layer: layer.id,
        zoneIds: ids,
        zh: r.zh,
        en: r.en,
        inForce: inForceAt(r.window, asOf),
      });
  }

  const inBuiltUp = zones.some((z) => z.layer === 'built_up_areas');
  const heated = zones.some((z) => z.layer === 'clean_heating_areas');
  if (inBuiltUp && !heated) {
    warnings.push({
      code: 'CLEAN_HEATING_GAP',
      zh: '该点位于建成区内，但不在已登记的清洁取暖改造范围内（第6条要求建成区覆盖率100%）。',
      en: 'Inside the built-up area but outside every recorded clean-heating area (art. 6 requires 100 % coverage).',
    });
  }

  return {
    point: { lng: round(lng), lat: round(lat) },
    input: { crs: input.crs, ...(PROJECTED.has(input.crs) ? { x: input.a, y: input.b } : { lng: input.a, lat: input.b }) },
    // the index's own zone objects (shared by every verdict naming the zone: read only)
    zones,
    rules,
    warnings,
    asOf: formatted,
    windows,
  };
}

/** Batch screening's answer for a list of points: each one's verdict, and the signed distances of each point that has one. */
export interface CheckedPoints {
  /** Each point's verdict, or the DomainError its check would throw. */
  verdicts: (CheckVerdict | DomainError)[];
  /** At each verdict's place its distances (signedDistances); undefined at a DomainError's. */
  distances: (Distances | undefined)[];
}

/**
 * Many points at once (batch screening): each gets exactly the verdict and the distances
 * checkPointWithDistances gives it, or the DomainError it would throw. Both come from one zone
 * index of `db` at one revision read (zone-index.ts: insideZoneSql's rule in JS, rebuilt when a
 * layer's revision moves); `via` runs its queries (a caller's transaction, or `db`). The points are
 * put in curve order once (spatial-order.ts) and both stages visit them in it.
 */
export async function checkPointsWithDistances(db: Db, inputs: readonly CheckInput[], via: Queryable = db): Promise<CheckedPoints> {
  const prepared = prepareAll(inputs);
  const index = await zoneIndex(db, via, ZONE_LAYER_IDS);
  const ok = prepared.filter((p): p is Prepared => !(p instanceof DomainError));
  const { verdicts: okVerdicts, distances: okDistances } = checked(index, ok);
  // back to the inputs' places, the rejected ones in between
  let k = 0;
  const verdicts = prepared.map((p) => (p instanceof DomainError ? p : okVerdicts[k++]!));
  k = 0;
  const distances = prepared.map((p) => (p instanceof DomainError ? undefined : okDistances[k++]!));
  return { verdicts, distances };
}

type Prepared = ReturnType<typeof prepare>;

/** Each input prepared, or the DomainError that rejects it (before anything is asked of the database). */
const prepareAll = (inputs: readonly CheckInput[]) =>
  inputs.map((input) => {
    try {
      return prepare(input);
    } catch (err) {
      if (err instanceof DomainError) return err;
      throw err;
    }
  });

/**
 * The verdicts and distances of the prepared points from the zone index. The points are put in
 * curve order once (spatial-order.ts), and the covering zones and the distances visit them in it.
 */
function checked(index: ZoneIndex, ok: readonly Prepared[]): { verdicts: CheckVerdict[]; distances: Distances[] } {
  const lngs = ok.map((p) => p.lng);
  const lats = ok.map((p) => p.lat);
  const order = spatialOrder(lngs, lats);
  const hits = index.hits(lngs, lats, order);
  const momentOf = moments();
  const verdicts = ok.map((p, k) => {
    const zones: VerdictZone[] = [];
    for (let j = hits.start[k]!; j < hits.start[k + 1]!; j++) zones.push(index.zone(hits.layer[j]!, hits.zone[j]!));
    return verdict(p, zones, momentOf(p.input));
  });
  // measured from the verdicts' points (rounded as the answer states them)
  const distances = hitDistances(
    index,
    hits,
    verdicts.map((v) => v.point.lng),
    verdicts.map((v) => v.point.lat),
    order,
  );
  return { verdicts, distances };
}

/** GET /api/check: the verdict and its boundary distances, both from one state of the zone index. */
export async function checkPointWithDistances(db: Db, input: CheckInput): Promise<CheckResponse> {
  const p = prepare(input);
  const { verdicts, distances } = checked(await zoneIndex(db, db, ZONE_LAYER_IDS), [p]);
  return { ...verdicts[0]!, distances: distances[0]! };
}

const round = (v: number) => Math.round(v * 1e9) / 1e9;

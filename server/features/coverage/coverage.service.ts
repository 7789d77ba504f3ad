/**
 * Clean-heating coverage of the built-up area (art. 6: 100 % by the plan), overall and per street
 * office, and the gap polygons still heated with loose coal. An overlay of large polygons takes
 * seconds, so each answer is kept under the revisions of the layers it reads (layers/revisions.ts):
 * an imported or edited clean-heating area (through any app process) changes the next answer, and
 * until then every request shares one computation. It runs within the heavy connection budget.
 */
import { heavyDb } from '../../db/budget.ts';
import type { Db } from '../../db/db.ts';
import { revisionCached } from '../layers/revisions.ts';
import type { CoverageResponse } from './coverage.contract.ts';
import * as repo from './coverage.repo.ts';
import { featureCollectionText } from '../../lib/feature-collection.ts';

export const COVERAGE_TARGET_PCT = 100;
/**
 * What counts as a gap. Overlaying two layers digitised separately leaves noise where their shared
 * edges differ in the 7th decimal: specks, and slivers kilometres long but millimetres wide. A gap
 * polygon under 1 m², or under 0.5 m wide on average, is such noise: it is neither counted nor listed,
 * so a built-up area covered up to that noise meets the target.
 */
export const GAP_RULE: repo.GapRule = { minAreaM2: 1, minMeanWidthM: 0.5 };
const GAP_MIN_M2 = GAP_RULE.minAreaM2;

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Coverage in %, 2 decimals, never rounded up to 100 while a real gap remains: an inspector reading
 * "100 %" must be able to trust that the target is met.
 */
export function coveragePct(builtUpM2: number, gapM2: number): number | null {
  if (builtUpM2 <= 0) return null;
  if (gapM2 < GAP_MIN_M2) return 100;
  const pct = Math.round(((builtUpM2 - gapM2) / builtUpM2) * 10000) / 100;
  return Math.max(0, Math.min(99.99, pct));
}

/** Gap pieces are numbered in the order the query returns them (largest first). */
const pieceId = (i: number) => `gap-${i + 1}`;

/** Every layer the coverage and the gap list read (coverage.sql and replacementPlanSites). */
const COVERAGE_LAYERS = ['built_up_areas', 'clean_heating_areas', 'streets', 'boilers', 'coal_ban_zones'];

const cached = new WeakMap<Db, { coverage: () => Promise<CoverageResponse>; gaps: () => Promise<string> }>();

function cachedOn(db: Db) {
  let c = cached.get(db);
  if (!c) {
    const heavy = heavyDb(db);
    c = {
      coverage: revisionCached(db, COVERAGE_LAYERS, () => computeCoverage(heavy)),
      gaps: revisionCached(db, COVERAGE_LAYERS, () => computeGapsGeoJson(heavy)),
    };
    cached.set(db, c);
  }
  return c;
}

/** The coverage now: kept while its layers' revisions stand (one cache per database). */
export const coverage = (db: Db): Promise<CoverageResponse> => cachedOn(db).coverage();

/** The gap pieces as a GeoJSON FeatureCollection (text), cached like coverage(). */
export const gapsGeoJson = (db: Db): Promise<string> => cachedOn(db).gaps();

/** Coverage computed from the tables, without the cache (benchmarks, and tests comparing with the cache). */
export async function computeCoverage(db: Db): Promise<CoverageResponse> {
  const [{ streets, pieces, ...totals }, sites] = await Promise.all([repo.coverage(db, GAP_RULE, false), repo.replacementPlanSites(db)]);
  const gap = Math.min(totals.gap_m2, totals.built_up_m2);
  return {
    target: COVERAGE_TARGET_PCT,
    targetMet: totals.built_up_m2 > 0 && gap < GAP_MIN_M2,
    areaCrs: 'EPSG:4547',
    builtUpAreaM2: round1(totals.built_up_m2),
    // covered is derived so that covered + gap = built-up exactly, as a stacked chart needs
    coveredM2: round1(round1(totals.built_up_m2) - round1(gap)),
    gapM2: round1(gap),
    gapNoiseM2: round1(totals.noise_m2),
    coveragePct: coveragePct(totals.built_up_m2, gap),
    cleanHeatingOutsideM2: round1(totals.heated_outside_m2),
    byStreet: streets.map((s) => {
      const g = Math.min(s.gap_m2, s.built_up_m2);
      return {
        id: s.id,
        code: s.code,
        name: s.name,
        builtUpM2: round1(s.built_up_m2),
        coveredM2: round1(round1(s.built_up_m2) - round1(g)),
        gapM2: round1(g),
        coveragePct: coveragePct(s.built_up_m2, g),
      };
    }),
    uncovered: pieces.map((p, i) => ({
      id: pieceId(i),
      streetCode: p.street_code,
      streetName: p.street_name,
      gapM2: round1(p.area_m2),
      lng: p.lng,
      lat: p.lat,
    })),
    replacementPlanSites: sites.map((b) => ({
      featureId: b.feature_id,
      name: b.name,
      use: b.use,
      streetCode: b.street_code,
      streetName: b.street_name,
      inCoalBanZone: b.in_coal_ban,
      inBuiltUpArea: b.in_built_up,
      lng: b.lng,
      lat: b.lat,
    })),
  };
}

/** The gap pieces as a GeoJSON FeatureCollection (text), with `area_m2` and the street of each. */
async function computeGapsGeoJson(db: Db): Promise<string> {
  const { pieces } = await repo.coverage(db, GAP_RULE, true);
  const features = pieces.map((p, i) => {
    const props = { id: pieceId(i), area_m2: round1(p.area_m2), street_code: p.street_code, street_name: p.street_name };
    return JSON.stringify({ type: 'Feature', id: i + 1, geometry: p.geometry, properties: props });
  });
  return featureCollectionText(features, { name: 'clean_heating_gaps', area_crs: 'EPSG:4547' });
}

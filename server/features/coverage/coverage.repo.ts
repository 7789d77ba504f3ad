/** Runs the coverage query (queries/coverage.sql); the only SQL of this feature. */
import { readFileSync } from 'node:fs';
import type { Queryable } from '../../db/db.ts';
import { queryWithLocalSettings } from '../../db/local-settings.ts';
import { insideZoneSql, streetAtSql } from '../../lib/inside-zone.sql.ts';

const COVERAGE = readFileSync(new URL('./queries/coverage.sql', import.meta.url), 'utf8');

export interface StreetRow {
  id: string;
  code: string | null;
  name: string;
  built_up_m2: number;
  gap_m2: number;
}

export interface GapPieceRow {
  street_code: string | null;
  street_name: string | null;
  area_m2: number;
  lng: number;
  lat: number;
  /** GeoJSON geometry, only when asked for. */
  geometry: unknown;
}

export interface CoverageRow {
  built_up_m2: number;
  gap_m2: number;
  /** Overlay slivers left out of the gap. */
  noise_m2: number;
  heated_outside_m2: number;
  streets: StreetRow[];
  pieces: GapPieceRow[];
}

/** What counts as a gap rather than overlay noise (see queries/coverage.sql). */
export interface GapRule {
  minAreaM2: number;
  minMeanWidthM: number;
}

/**
 * Without JIT: the planner prices the statement's geometry functions in the millions (it cannot
 * know the gap has tens of parts, not thousands), past every JIT threshold, and compiling it took
 * 0.15–1.5 s on the PostGIS server for expressions evaluated a few dozen times (EXPLAIN ANALYZE,
 * 100 built-up × 100 clean-heating polygons). PGlite has no JIT; the setting is harmless there.
 */
const COVERAGE_SETTINGS = ['SET LOCAL jit = off'];

export async function coverage(db: Queryable, rule: GapRule, withGeometry: boolean): Promise<CoverageRow> {
  const [row] = await queryWithLocalSettings<CoverageRow>(db, COVERAGE_SETTINGS, COVERAGE, [rule.minAreaM2, withGeometry, rule.minMeanWidthM]);
  return row!;
}

export interface ReplacementSiteRow {
  feature_id: string;
  name: string;
  use: 'household' | 'village';
  street_code: string | null;
  street_name: string | null;
  in_coal_ban: boolean;
  in_built_up: boolean;
  lng: number;
  lat: number;
}

/**
 * Household and village-collective coal boilers in use that no clean-heating area covers (boundary
 * counts as covered): art. 6 asks for a loose-coal replacement plan there (散煤替代方案, clean coal),
 * not a penalty. The street office is the covering one with the lowest code, as everywhere else.
 */
export function replacementPlanSites(db: Queryable): Promise<ReplacementSiteRow[]> {
  return db.query<ReplacementSiteRow>(
    `SELECT b.id::text AS feature_id, b.name, b.properties ->> 'use' AS use,
            st.code AS street_code, st.name AS street_name,
            EXISTS (SELECT 1 FROM zone_parts z WHERE z.layer_id = 'coal_ban_zones' AND ${insideZoneSql('z.geom', 'b.geom')}) AS in_coal_ban,
            EXISTS (SELECT 1 FROM zone_parts z WHERE z.layer_id = 'built_up_areas' AND ${insideZoneSql('z.geom', 'b.geom')}) AS in_built_up,
            ST_X(b.geom) AS lng, ST_Y(b.geom) AS lat
       FROM features b
       ${streetAtSql('b.geom')}
      WHERE b.layer_id = 'boilers'
        AND b.properties ->> 'use' IN ('household', 'village')
        AND b.properties ->> 'fuel' = 'coal'
        AND b.properties ->> 'status' = 'in_use'
        AND NOT EXISTS (SELECT 1 FROM zone_parts c WHERE c.layer_id = 'clean_heating_areas' AND ${insideZoneSql('c.geom', 'b.geom')})
      ORDER BY b.id`,
  );
}

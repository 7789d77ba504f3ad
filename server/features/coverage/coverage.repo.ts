/** Runs the coverage query (queries/coverage.sql); the only SQL of this feature. */
import { readFileSync } from 'node:fs';
import type { Queryable } from '../../db/db.ts';

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

export async function coverage(db: Queryable, rule: GapRule, withGeometry: boolean): Promise<CoverageRow> {
  const [row] = await db.query<CoverageRow>(COVERAGE, [rule.minAreaM2, withGeometry, rule.minMeanWidthM]);
  return row!;
}

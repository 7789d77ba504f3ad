/**
 * The data that flows through import: what a format reader yields, and what the import report
 * (the API response the import dialog renders) contains.
 */
import type { Bilingual } from '../../lib/errors.ts';

/** A GeoJSON-shaped geometry in the file's own CRS and axis order, possibly 3D. */
export interface RawGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: RawGeometry[];
}

export interface RawFeature {
  geometry: RawGeometry | null;
  properties: Record<string, unknown>;
  /** 1-based line in the file, where the format has lines (CSV). */
  line?: number;
  /** Set by a reader that could not make a geometry from the row (e.g. a non-numeric 经度). */
  error?: string;
}

/** A note for the user; `code` is stable (the UI keys translations and actions on it). */
export interface ImportWarning extends Bilingual {
  code: string;
  [extra: string]: unknown;
}

export type RejectCode =
  | 'NO_GEOMETRY'
  | 'MALFORMED_GEOMETRY'
  | 'GEOMETRY_TYPE'
  | 'OUTSIDE_EXTENT'
  | 'INVALID_GEOMETRY'
  | 'ATTRIBUTES'
  | 'REQUIRED_MISSING'
  | 'UNKNOWN_CRS';

export interface Rejection {
  /** 0-based position of the feature in the file (data rows for CSV). */
  index: number;
  code: RejectCode;
  reason: string;
  line?: number;
}

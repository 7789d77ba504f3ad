/**
 * Parses an OGC/`bbox=minLon,minLat,maxLon,maxLat` string; returns a reason instead of throwing.
 * As OGC API – Features says, west > east is a box crossing the antimeridian (170,0,-170,10 covers
 * 170°E…180° and 180°…170°W): `bboxParts` splits it into the two boxes the queries use.
 */
export type Bbox = [number, number, number, number];

export function parseBbox(text: string): { ok: true; bbox: Bbox } | { ok: false; reason: string } {
  const parts = text.split(',');
  if (parts.length !== 4) return { ok: false, reason: 'bbox needs 4 numbers: minLon,minLat,maxLon,maxLat' };
  const nums = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (nums.some((n) => !Number.isFinite(n))) return { ok: false, reason: 'bbox values must be finite numbers' };
  const [minLon, minLat, maxLon, maxLat] = nums as Bbox;
  if (minLon < -180 || maxLon > 180 || minLon > 180 || maxLon < -180 || minLat < -90 || maxLat > 90)
    return { ok: false, reason: 'bbox outside WGS84 range (lon ±180, lat ±90); are axes swapped?' };
  if (minLat > maxLat) return { ok: false, reason: 'bbox south must not exceed north' };
  return { ok: true, bbox: [minLon, minLat, maxLon, maxLat] };
}

/** The box itself, or for one crossing the antimeridian (west > east) its two halves. */
export function bboxParts([west, south, east, north]: Bbox): Bbox[] {
  if (west <= east) return [[west, south, east, north]];
  return [
    [west, south, 180, north],
    [-180, south, east, north],
  ];
}

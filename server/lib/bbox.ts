/** Parses an OGC/`bbox=minLon,minLat,maxLon,maxLat` string; returns a reason instead of throwing. */
export type Bbox = [number, number, number, number];

export function parseBbox(text: string): { ok: true; bbox: Bbox } | { ok: false; reason: string } {
  const parts = text.split(',');
  if (parts.length !== 4) return { ok: false, reason: 'bbox needs 4 numbers: minLon,minLat,maxLon,maxLat' };
  const nums = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (nums.some((n) => !Number.isFinite(n))) return { ok: false, reason: 'bbox values must be finite numbers' };
  const [minLon, minLat, maxLon, maxLat] = nums as Bbox;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90)
    return { ok: false, reason: 'bbox outside WGS84 range (lon ±180, lat ±90); are axes swapped?' };
  if (minLon > maxLon || minLat > maxLat) return { ok: false, reason: 'bbox min must not exceed max' };
  return { ok: true, bbox: [minLon, minLat, maxLon, maxLat] };
}

/**
 * What the shareable URL holds: map position, visible layers, basemap, the checked point, the
 * inspected feature, the language, layer opacities and the analysis filters. Kept in the hash so the server never sees it, e.g.
 * `#map=13.00/40.08510/113.30350&layers=coal_ban_zones,streets&check=113.30000,40.09000&lang=en`.
 * Pure functions: parse what is valid, ignore the rest (a hand-edited link must not break the app).
 */
export interface UrlState {
  zoom?: number;
  /** [lng, lat] */
  center?: [number, number];
  /** Visible layer ids; undefined = the defaults, [] = none. */
  layers?: string[];
  basemap?: string;
  /** The checked point, WGS84. */
  check?: { lng: number; lat: number };
  /** The feature shown in the inspector. */
  feature?: { layer: string; id: number };
  lang?: 'zh' | 'en';
  /** How large layers are drawn: 'auto' (by TILE_THRESHOLD, the default), or forced to tiles / GeoJSON. */
  tiles?: TileMode;
  /** Opacity per layer (0–1) where it differs from the layer's style: `op=boilers:0.5,streets:0.3`. */
  opacity?: Record<string, number>;
  /** The analysis tab's violation filters: `rule=` (a rule id) and `street=` (a street office code). */
  violations?: { rule?: string; street?: string };
}

export type TileMode = 'auto' | 'on' | 'off';

const ID = /^[a-z][a-z0-9_-]{0,63}$/;
/** Rule ids (`coal_ban.boiler`) and street office codes. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function finite(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function lngLat(text: string | undefined): { lng: number; lat: number } | undefined {
  const [a, b, ...rest] = (text ?? '').split(',');
  const lng = finite(a);
  const lat = finite(b);
  if (rest.length || lng === undefined || lat === undefined || Math.abs(lng) > 180 || Math.abs(lat) > 90) return undefined;
  return { lng, lat };
}

export function parseUrlState(hash: string): UrlState {
  const out: UrlState = {};
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text) return out;
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      continue;
    }
    switch (key) {
      case 'map': {
        const [z, lat, lng] = value.split('/').map(finite);
        if (z !== undefined && lat !== undefined && lng !== undefined && z >= 0 && z <= 24 && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
          out.zoom = z;
          out.center = [lng, lat];
        }
        break;
      }
      case 'layers':
        out.layers = value.split(',').filter((id) => ID.test(id));
        break;
      case 'base':
        if (ID.test(value)) out.basemap = value;
        break;
      case 'check': {
        const p = lngLat(value);
        if (p) out.check = p;
        break;
      }
      case 'f': {
        const m = /^([a-z][a-z0-9_-]{0,63}):(\d{1,15})$/.exec(value);
        if (m) out.feature = { layer: m[1]!, id: Number(m[2]) };
        break;
      }
      case 'lang':
        if (value === 'zh' || value === 'en') out.lang = value;
        break;
      case 'tiles':
        if (value === 'on' || value === 'off' || value === 'auto') out.tiles = value;
        break;
      case 'op': {
        const op: Record<string, number> = {};
        for (const item of value.split(',')) {
          const [id, v] = item.split(':');
          const n = finite(v);
          if (id && ID.test(id) && n !== undefined && n >= 0 && n <= 1) op[id] = n;
        }
        if (Object.keys(op).length) out.opacity = op;
        break;
      }
      case 'rule':
      case 'street':
        if (CODE.test(value)) out.violations = { ...out.violations, [key]: value };
        break;
    }
  }
  return out;
}

const fixed = (v: number, digits: number) => Number(v.toFixed(digits)).toFixed(digits);

export function formatUrlState(s: UrlState): string {
  const parts: string[] = [];
  if (s.zoom !== undefined && s.center) parts.push(`map=${fixed(s.zoom, 2)}/${fixed(s.center[1], 5)}/${fixed(s.center[0], 5)}`);
  if (s.layers) parts.push(`layers=${s.layers.filter((id) => ID.test(id)).join(',')}`);
  if (s.basemap && s.basemap !== 'offline') parts.push(`base=${s.basemap}`);
  if (s.check) parts.push(`check=${fixed(s.check.lng, 6)},${fixed(s.check.lat, 6)}`);
  if (s.feature) parts.push(`f=${s.feature.layer}:${s.feature.id}`);
  if (s.lang && s.lang !== 'zh') parts.push(`lang=${s.lang}`);
  if (s.tiles && s.tiles !== 'auto') parts.push(`tiles=${s.tiles}`);
  const op = Object.entries(s.opacity ?? {}).filter(([id, v]) => ID.test(id) && v >= 0 && v <= 1);
  if (op.length) parts.push(`op=${op.map(([id, v]) => `${id}:${fixed(v, 2)}`).join(',')}`);
  if (s.violations?.rule && CODE.test(s.violations.rule)) parts.push(`rule=${s.violations.rule}`);
  if (s.violations?.street && CODE.test(s.violations.street)) parts.push(`street=${s.violations.street}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

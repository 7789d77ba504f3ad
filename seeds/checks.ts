/**
 * Checks on the demo dataset as written (parsed GeoJSON, not the generator's objects), returning
 * problems as sentences — an empty list means the data is sound. Used by the generator before it
 * writes anything, and by verify.ts (and so by tests) on the files on disk.
 *
 * The violation check evaluates the server's own rule catalogue (the same condition trees the SQL
 * compiler reads) in plain JS with turf, so the manifest is checked against the rules' meaning
 * independently of the database: a planted case must break exactly the rules it lists.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { findLayer, LAYERS } from '../server/features/layers/catalogue/index.ts';
import { inForceAt, parseAsOf } from '../server/features/rules/as-of.ts';
import { DISTRICT_BBOX } from '../server/lib/district.ts';
import { findRule, RULES } from '../server/features/rules/catalogue/index.ts';
import { recordedType, type AttributeTest, type Condition, type Rule } from '../server/features/rules/rule.ts';
import { areaM2, covers, difference, intersection, signedArea2, strictlyInside, union, type Areal } from './lib/geo.ts';

export interface Planted {
  rule: string;
  layer: string;
  name: string;
  /** Absent: 违规 (violation); `unverified`: 待核查, a deciding attribute is not recorded. */
  outcome?: 'unverified';
}

export interface DemoData {
  /** Layer id → its FeatureCollection. */
  layers: ReadonlyMap<string, FeatureCollection>;
  manifest: readonly Planted[];
  /** Basemap file name (without .geojson) → its FeatureCollection. */
  basemap: ReadonlyMap<string, FeatureCollection>;
}

export const BASEMAP_FILES = ['district', 'streets_outline', 'city_wall', 'city_gates', 'rivers', 'lakes', 'labels'] as const;

export function checkDemo(data: DemoData): string[] {
  return [...checkLayerFiles(data), ...checkBasemap(data), ...checkManifest(data), ...checkViolations(data), ...checkEdgeCases(data), ...checkGeography(data)];
}

// ---- features and geometry ---------------------------------------------------------------------

function checkLayerFiles(data: DemoData): string[] {
  const problems: string[] = [];
  for (const layer of LAYERS) {
    const fc = data.layers.get(layer.id);
    if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      problems.push(`${layer.id}: no FeatureCollection`);
      continue;
    }
    if (fc.features.length === 0) problems.push(`${layer.id}: no features`);
    const names = new Set<string>();
    fc.features.forEach((f, i) => {
      const where = `${layer.id}[${i}] ${String(f.properties?.name ?? '')}`;
      const { name, is_demo: isDemo, ...attributes } = f.properties ?? {};
      if (typeof name !== 'string' || name.trim() === '') problems.push(`${where}: no name`);
      else if (names.has(name)) problems.push(`${where}: name used twice in the layer`);
      else names.add(name);
      if (isDemo !== true) problems.push(`${where}: is_demo is not true`);
      const parsed = layer.schema.safeParse(attributes);
      if (!parsed.success) problems.push(`${where}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      const allowed = layer.geometryType === 'Point' ? ['Point'] : ['Polygon', 'MultiPolygon'];
      if (!f.geometry || !allowed.includes(f.geometry.type)) problems.push(`${where}: geometry ${f.geometry?.type} on a ${layer.geometryType} layer`);
      else problems.push(...geometryProblems(f.geometry, where));
    });
  }
  return problems;
}

function checkBasemap(data: DemoData): string[] {
  const problems: string[] = [];
  for (const file of BASEMAP_FILES) {
    const fc = data.basemap.get(file);
    if (!fc?.features?.length) {
      problems.push(`basemap ${file}: missing or empty`);
      continue;
    }
    fc.features.forEach((f, i) => {
      const where = `basemap ${file}[${i}]`;
      if (typeof f.properties?.name !== 'string' || !f.properties.name) problems.push(`${where}: no name`);
      if (f.properties?.is_demo !== true) problems.push(`${where}: is_demo is not true`);
      if (f.geometry) problems.push(...geometryProblems(f.geometry, where));
    });
  }
  return problems;
}

const sevenDecimals = (v: number) => Math.round(v * 1e7) / 1e7 === v;

function positionProblems(p: Position, where: string): string[] {
  const [x, y] = p;
  if (p.length !== 2 || typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
    return [`${where}: bad position ${JSON.stringify(p)}`];
  const out: string[] = [];
  if (!sevenDecimals(x) || !sevenDecimals(y)) out.push(`${where}: more than 7 decimals in ${JSON.stringify(p)}`);
  const [w, s, e, n] = DISTRICT_BBOX;
  if (x < w || x > e || y < s || y > n) out.push(`${where}: ${JSON.stringify(p)} outside the district extent (lon/lat order?)`);
  return out;
}

/** Validity in the OGC sense for what the demo uses, plus RFC 7946 winding and coordinate hygiene. */
export function geometryProblems(g: Geometry, where: string): string[] {
  switch (g.type) {
    case 'Point':
      return positionProblems(g.coordinates, where);
    case 'LineString':
      return g.coordinates.flatMap((p) => positionProblems(p, where));
    case 'Polygon':
      return polygonProblems(g.coordinates, where);
    case 'MultiPolygon': {
      const parts = g.coordinates.flatMap((rings, i) => polygonProblems(rings, `${where} part ${i}`));
      for (let i = 0; i < g.coordinates.length; i++)
        for (let j = i + 1; j < g.coordinates.length; j++) {
          const a: Areal = { type: 'Polygon', coordinates: g.coordinates[i]! };
          const b: Areal = { type: 'Polygon', coordinates: g.coordinates[j]! };
          if (intersection(a, b)) parts.push(`${where}: parts ${i} and ${j} overlap`);
        }
      return parts;
    }
    default:
      return [`${where}: unexpected geometry ${g.type}`];
  }
}

function polygonProblems(rings: Position[][], where: string): string[] {
  const out = rings.flatMap((r) => r.flatMap((p) => positionProblems(p, where)));
  rings.forEach((r, i) => {
    const what = i === 0 ? 'exterior ring' : `hole ${i}`;
    const a = r[0]!;
    const b = r[r.length - 1]!;
    if (r.length < 4) out.push(`${where}: ${what} has fewer than 4 positions`);
    if (a[0] !== b[0] || a[1] !== b[1]) out.push(`${where}: ${what} not closed`);
    if (r.some((p, k) => k > 0 && p[0] === r[k - 1]![0] && p[1] === r[k - 1]![1])) out.push(`${where}: ${what} repeats a vertex`);
    const ccw = signedArea2(r) > 0;
    if (i === 0 && !ccw) out.push(`${where}: exterior ring is clockwise (RFC 7946 wants counter-clockwise)`);
    if (i > 0 && ccw) out.push(`${where}: ${what} is counter-clockwise (RFC 7946 wants clockwise)`);
    if (i > 0 && !r.every((p) => strictlyInside({ type: 'Polygon', coordinates: [rings[0]!] }, p)))
      out.push(`${where}: ${what} is not inside the exterior ring`);
  });
  if (ringsCross(rings)) out.push(`${where}: rings self-intersect or touch`);
  return out;
}

type Segment = { a: Position; b: Position; ring: number; index: number; count: number };

const orient = (p: Position, q: Position, r: Position) => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
const onSegment = (p: Position, q: Position, r: Position) =>
  Math.min(p[0]!, r[0]!) <= q[0]! && q[0]! <= Math.max(p[0]!, r[0]!) && Math.min(p[1]!, r[1]!) <= q[1]! && q[1]! <= Math.max(p[1]!, r[1]!);

function segmentsMeet(s: Segment, t: Segment): boolean {
  const o1 = orient(s.a, s.b, t.a);
  const o2 = orient(s.a, s.b, t.b);
  const o3 = orient(t.a, t.b, s.a);
  const o4 = orient(t.a, t.b, s.b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(s.a, t.a, s.b)) ||
    (o2 === 0 && onSegment(s.a, t.b, s.b)) ||
    (o3 === 0 && onSegment(t.a, s.a, t.b)) ||
    (o4 === 0 && onSegment(t.a, s.b, t.b))
  );
}

/** Consecutive edges may share only their common vertex: a spike (the ring doubling back on itself) is invalid. */
function foldsBack(s: Segment, t: Segment): boolean {
  const [first, second] = s.index + 1 === t.index || (t.index === 0 && s.index === s.count - 1) ? [s, t] : [t, s];
  const v = first.b;
  const p = first.a;
  const q = second.b;
  const collinear = orient(p, v, q) === 0;
  const sameDirectionFromV = (p[0]! - v[0]!) * (q[0]! - v[0]!) + (p[1]! - v[1]!) * (q[1]! - v[1]!) > 0;
  return collinear && sameDirectionFromV;
}

/** Any two edges that meet other than consecutive edges at their shared vertex (O(n²), fine at demo sizes). */
function ringsCross(rings: Position[][]): boolean {
  const segs: Segment[] = rings.flatMap((r, ring) => r.slice(0, -1).map((a, index) => ({ a, b: r[index + 1]!, ring, index, count: r.length - 1 })));
  for (let i = 0; i < segs.length; i++)
    for (let j = i + 1; j < segs.length; j++) {
      const s = segs[i]!;
      const t = segs[j]!;
      const neighbours = s.ring === t.ring && (Math.abs(s.index - t.index) === 1 || Math.abs(s.index - t.index) === s.count - 1);
      if (neighbours) {
        if (foldsBack(s, t)) return true;
        continue;
      }
      if (segmentsMeet(s, t)) return true;
    }
  return false;
}

// ---- manifest and rules ------------------------------------------------------------------------

const key = (p: Planted) => `${p.rule} | ${p.layer} | ${p.name}${p.outcome ? ` | ${p.outcome}` : ''}`;

function checkManifest(data: DemoData): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of data.manifest) {
    const rule = findRule(p.rule);
    if (!rule) problems.push(`manifest: unknown rule ${p.rule}`);
    else if (rule.siteLayer !== p.layer) problems.push(`manifest: ${key(p)} — rule ${p.rule} inspects ${rule.siteLayer}`);
    const matches = data.layers.get(p.layer)?.features.filter((f) => f.properties?.name === p.name).length ?? 0;
    if (matches !== 1) problems.push(`manifest: ${key(p)} names ${matches} features (want 1)`);
    if (seen.has(key(p))) problems.push(`manifest: ${key(p)} listed twice`);
    seen.add(key(p));
  }
  for (const rule of RULES) if (!data.manifest.some((p) => p.rule === rule.id && !p.outcome)) problems.push(`manifest: no planted case for rule ${rule.id}`);
  return problems;
}

/** The moment the demo's planted cases are judged at: every rule's dates and windows hold then. */
export const DEMO_AS_OF = '2024-07-15T11:00';

type Tri = boolean | null;
const and = (xs: Tri[]): Tri => (xs.includes(false) ? false : xs.includes(null) ? null : true);
const or = (xs: Tri[]): Tri => (xs.includes(true) ? true : xs.includes(null) ? null : false);
const not = (x: Tri): Tri => (x === null ? null : !x);

/**
 * One attribute test in three values, the semantics of rule.ts: unrecorded (absent, null, of the
 * wrong JSON type, or an enumeration's `unknown`) is unknown unless `ifUnrecorded` decides it;
 * `missing` is never unknown.
 */
function testValue(t: AttributeTest, props: Record<string, unknown>, layerId: string): Tri {
  const v = props[t.attr];
  if (t.op === 'missing') return v === undefined || v === null || !/\S/.test(String(v));
  const def = findLayer(layerId)?.attributes.find((a) => a.key === t.attr);
  const type = recordedType(t);
  const unknownOption = def?.type === 'enum' && def.options.some((o) => o.value === 'unknown');
  if (typeof v !== type || (unknownOption && v === 'unknown')) return t.ifUnrecorded ?? null;
  switch (t.op) {
    case 'eq':
      return v === t.value;
    case 'ne':
      return v !== t.value;
    case 'in':
      return t.value.includes(v as string);
    case 'gte':
      return (v as number) >= t.value;
    case 'lt':
      return (v as number) < t.value;
    case 'isTrue':
      return v === true;
    case 'notTrue':
      return v === false;
  }
}

interface Sides {
  site: Record<string, unknown>;
  siteLayer: string;
  zone?: { props: Record<string, unknown>; layer: string };
}

export function conditionValue(c: Condition, s: Sides): Tri {
  if ('all' in c) return and(c.all.map((x) => conditionValue(x, s)));
  if ('any' in c) return or(c.any.map((x) => conditionValue(x, s)));
  if (c.of === 'zone') {
    if (!s.zone) throw new Error(`zone attribute ${c.attr} without a zone`);
    return testValue(c, s.zone.props, s.zone.layer);
  }
  return testValue(c, s.site, s.siteLayer);
}

function zoneFeatures(data: DemoData, layers: readonly string[]): { f: Feature; layer: string }[] {
  return layers.flatMap((id) => (data.layers.get(id)?.features ?? []).map((f) => ({ f, layer: id })));
}

function pointOfSite(site: Feature): Position {
  if (site.geometry.type !== 'Point') throw new Error('spatial rules inspect point layers only in the demo');
  return site.geometry.coordinates;
}

/** A rule's verdict on one site: true = violation, null = 待核查, false = nothing. */
export function verdict(data: DemoData, rule: Rule, site: Feature): Tri {
  const props = site.properties ?? {};
  let v: Tri;
  if (rule.zoneLayers.length === 0) v = conditionValue(rule.condition, { site: props, siteLayer: rule.siteLayer });
  else {
    const p = pointOfSite(site);
    const zones = zoneFeatures(data, rule.zoneLayers).filter((z) => covers(z.f.geometry as Areal, p));
    v = or(zones.map((z) => conditionValue(rule.condition, { site: props, siteLayer: rule.siteLayer, zone: { props: z.f.properties ?? {}, layer: z.layer } })));
  }
  if (rule.exemptOutside) {
    const p = pointOfSite(site);
    const outside = !zoneFeatures(data, rule.exemptOutside.layers).some((z) => covers(z.f.geometry as Areal, p));
    v = and([v, not(and([conditionValue(rule.exemptOutside.condition, { site: props, siteLayer: rule.siteLayer }), outside]))]);
  }
  return v;
}

/** Every (rule, layer, name, outcome) the rules find in the data at DEMO_AS_OF, by the rules' own definitions. */
export function findViolations(data: DemoData): Planted[] {
  const asOf = parseAsOf(DEMO_AS_OF);
  return RULES.filter((rule) => inForceAt(rule.inForce, asOf)).flatMap((rule) =>
    (data.layers.get(rule.siteLayer)?.features ?? []).flatMap((f) => {
      const v = verdict(data, rule, f);
      if (v === false) return [];
      const row: Planted = { rule: rule.id, layer: rule.siteLayer, name: String(f.properties?.name) };
      return [v === null ? { ...row, outcome: 'unverified' as const } : row];
    }),
  );
}

function checkViolations(data: DemoData): string[] {
  const found = findViolations(data).map(key);
  const planted = data.manifest.map(key);
  return [
    ...planted.filter((k) => !found.includes(k)).map((k) => `planted but not a violation: ${k}`),
    ...found.filter((k) => !planted.includes(k)).map((k) => `a violation not in the manifest: ${k}`),
  ];
}

// ---- the edge cases the brief promises ---------------------------------------------------------

function features(data: DemoData, layer: string): Feature[] {
  return data.layers.get(layer)?.features ?? [];
}
const isPlanted = (data: DemoData, rule: string, name: unknown) => data.manifest.some((p) => p.rule === rule && p.name === name);
const pointOf = (f: Feature) => (f.geometry as { coordinates: Position }).coordinates;

function checkEdgeCases(data: DemoData): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(`edge case missing: ${what}`);
  const coalBan = features(data, 'coal_ban_zones').map((f) => f.geometry as Areal);
  const nrmm = features(data, 'nrmm_control_zones').map((f) => f.geometry as Areal);
  const sales = features(data, 'coal_sales_points');
  const onEdge = (zones: Areal[], p: Position) => zones.some((z) => covers(z, p) && !strictlyInside(z, p));

  need(
    sales.some((f) => isPlanted(data, 'coal_ban.sales_point', f.properties?.name) && onEdge(coalBan, pointOf(f))),
    'a planted coal sales point exactly on a coal-ban boundary',
  );
  need(
    sales.some((f) => {
      const p = pointOf(f);
      const inExterior = features(data, 'coal_ban_zones').some(
        (z) => z.geometry.type === 'Polygon' && covers({ type: 'Polygon', coordinates: [z.geometry.coordinates[0]!] }, p),
      );
      return f.properties?.status === 'operating' && inExterior && !coalBan.some((z) => covers(z, p));
    }),
    'an operating coal sales point inside a coal-ban zone hole',
  );
  need(
    sales.some((f) => f.properties?.status === 'closed' && coalBan.some((z) => covers(z, pointOf(f)))),
    'a closed coal sales point inside a coal-ban zone',
  );

  const gas = features(data, 'gas_stations');
  need(
    gas.some((f) => f.properties?.annual_sales_t === 5000 && isPlanted(data, 'gas_station.online', f.properties?.name)),
    'a gas station at exactly 5000 t planted',
  );
  need(
    gas.some((f) => f.properties?.annual_sales_t === 4999 && f.properties?.online_monitoring !== true),
    'a gas station at 4999 t without monitoring',
  );

  const trucks = features(data, 'truck_units');
  need(
    trucks.some((f) => f.properties?.trucks_per_day === 10 && isPlanted(data, 'truck_unit.gate', f.properties?.name)),
    'a truck unit at exactly 10 a day planted',
  );
  need(
    trucks.some((f) => f.properties?.trucks_per_day === 9 && f.properties?.gate_system !== true),
    'a truck unit at 9 a day without gate',
  );

  const machines = features(data, 'nrmm_machines');
  const inNrmm = (f: Feature) => nrmm.some((z) => covers(z, pointOf(f)));
  need(
    machines.some((f) => f.properties?.exempt_use === true && inNrmm(f)),
    'an exempt machine inside the NRMM zone',
  );
  need(
    machines.some((f) => f.properties?.emission_stage === 'I' && !inNrmm(f)),
    'a stage I machine outside the NRMM zone',
  );

  const boilers = features(data, 'boilers');
  const inCoalBan = (f: Feature) => coalBan.some((z) => covers(z, pointOf(f)));
  need(
    boilers.some((f) => f.properties?.fuel === 'gas' && inCoalBan(f)),
    'a gas boiler inside a coal-ban zone',
  );
  need(
    boilers.some((f) => f.properties?.fuel === 'coal' && f.properties?.status === 'in_use' && !isPlanted(data, 'coal_ban.boiler', f.properties?.name)),
    'a coal boiler in use outside the zones',
  );

  const sites = features(data, 'construction_sites');
  need(
    sites.some((f) => f.properties?.status === 'finished' && Object.values(f.properties ?? {}).includes(false)),
    'a finished site with measures missing',
  );
  const multi = data.manifest.filter((p) => p.layer === 'construction_sites').map((p) => p.name);
  need(
    multi.some((n) => multi.filter((m) => m === n).length === 3),
    'a construction site breaking three rules',
  );

  const stations = features(data, 'aq_stations');
  need(
    stations.some((f) => f.properties?.station_type === 'national' && String(f.properties?.name).includes('第二人民医院')),
    'the national station at 第二人民医院',
  );
  return problems;
}

// ---- geography ---------------------------------------------------------------------------------

const KM2 = 1e6;

function checkGeography(data: DemoData): string[] {
  const problems: string[] = [];
  const district = data.basemap.get('district')?.features[0]?.geometry as Areal | undefined;
  const streets = features(data, 'streets');
  const builtUp = features(data, 'built_up_areas').map((f) => f.geometry as Areal);
  const heating = features(data, 'clean_heating_areas').map((f) => f.geometry as Areal);
  const coalBan = features(data, 'coal_ban_zones').map((f) => f.geometry as Areal);
  if (!district || builtUp.length === 0 || heating.length === 0 || coalBan.length === 0)
    return ['geography: district, built-up, clean-heating or coal-ban geometry missing'];

  const districtKm2 = areaM2(district) / KM2;
  if (districtKm2 < 220 || districtKm2 > 255) problems.push(`district area ${districtKm2.toFixed(1)} km² is far from the published ≈235–239 km²`);

  const codes = streets.map((f) => f.properties?.code).sort();
  const expected = Array.from({ length: 18 }, (_, i) => String(140213050 + i));
  if (JSON.stringify(codes) !== JSON.stringify(expected)) problems.push(`streets: codes ${codes.join(',')} are not 140213050…140213067`);
  const streetKm2 = streets.reduce((s, f) => s + areaM2(f.geometry as Areal), 0) / KM2;
  if (Math.abs(streetKm2 - districtKm2) > 0.005 * districtKm2)
    problems.push(`streets cover ${streetKm2.toFixed(2)} km², district is ${districtKm2.toFixed(2)} km²: they must tile it`);
  for (let i = 0; i < streets.length; i++)
    for (let j = i + 1; j < streets.length; j++) {
      const overlap = intersection(streets[i]!.geometry as Areal, streets[j]!.geometry as Areal);
      if (overlap && areaM2(overlap) > 100)
        problems.push(`streets ${streets[i]!.properties?.name} and ${streets[j]!.properties?.name} overlap by ${areaM2(overlap).toFixed(0)} m²`);
    }

  const built = union(...builtUp)!;
  const gaps = difference(built, ...heating);
  const builtKm2 = areaM2(built) / KM2;
  const gapKm2 = gaps ? areaM2(gaps) / KM2 : 0;
  const coverage = 1 - gapKm2 / builtKm2;
  if (coverage < 0.85 || coverage >= 0.999)
    problems.push(`clean heating covers ${(coverage * 100).toFixed(1)} % of the built-up area; want most but visibly not all`);
  const gapPieces = !gaps ? [] : gaps.type === 'Polygon' ? [gaps.coordinates] : gaps.coordinates;
  const gapKm2s = gapPieces.map((rings) => areaM2({ type: 'Polygon', coordinates: rings }) / KM2);
  if (gapKm2s.length < 2 || gapKm2s.length > 3) problems.push(`clean-heating gaps in the built-up area: ${gapKm2s.length} (want 2–3)`);
  // a rounding sliver would show up in the UI's gap list as a meaningless 3 m² "gap"
  for (const a of gapKm2s) if (a < 0.2) problems.push(`clean-heating gap of ${(a * KM2).toFixed(0)} m²: a sliver, not a visible gap`);
  if (!heating.some((h) => !intersection(h, built))) problems.push('no rural clean-heating area outside the built-up area');

  const coalBanAll = union(...coalBan)!;
  const inBuilt = intersection(coalBanAll, built);
  if (!inBuilt || areaM2(inBuilt) / areaM2(coalBanAll) < 0.9) problems.push('coal-ban zones are not mostly inside the built-up area');
  if (!coalBan.some((g) => (g.type === 'Polygon' ? g.coordinates.length > 1 : g.coordinates.some((p) => p.length > 1))))
    problems.push('no coal-ban zone has a hole');
  if (!builtUp.some((g) => g.type === 'MultiPolygon')) problems.push('built-up area is not a MultiPolygon (main city + 御东)');

  const yards = features(data, 'ash_yards').map((f) => `${f.properties?.status}/${f.properties?.restored === true}`);
  for (const want of ['active/false', 'closed/false', 'closed/true']) if (!yards.includes(want)) problems.push(`ash yards: none ${want}`);

  const allSites = LAYERS.filter((l) => l.geometryType === 'Point').flatMap((l) => features(data, l.id).map((f) => ({ layer: l.id, f })));
  for (const { layer, f } of allSites) if (!covers(district, pointOf(f))) problems.push(`${layer} ${f.properties?.name}: outside the district outline`);
  for (const f of features(data, 'ash_yards'))
    if (!intersection(f.geometry as Areal, district)) problems.push(`ash yard ${f.properties?.name} outside the district`);
  return problems;
}

/**
 * The demo data is true to itself, checked on the files in seeds/demo with turf (not with the
 * generator's own placement code): a place in a site's name is where the site lies, demo register
 * numbers cannot pass for real ones, machines' years fit their emission stage, every demo feature
 * says 示意, and no demo zone cites the action plan as the decree that designated it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR, PROJECT_ROOT } from './generate.ts';
import { NAMED_PLACES } from './geography.ts';
import { creditCodeCheckChar } from './layers/codes.ts';

type Props = Record<string, unknown> & { name: string; is_demo?: boolean };
const dir = join(PROJECT_ROOT, DEMO_DIR);
const layers = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .map((f) => [f.replace(/\.geojson$/, ''), (JSON.parse(readFileSync(join(dir, f), 'utf8')) as FeatureCollection).features as Feature[]]),
);
const features = (layer: string) => layers.get(layer) ?? [];
const all = [...layers].flatMap(([layer, fs]) => fs.map((f) => ({ layer, f, props: f.properties as Props })));
const streets = features('streets') as Feature<Polygon | MultiPolygon, Props>[];

/** The street offices a name ties a feature to (stem of a street office's name, or NAMED_PLACES). */
function streetsOf(name: string): string[][] {
  const stems = streets.filter((s) => name.includes(s.properties.name.replace(/街道$/, ''))).map((s) => [s.properties.name]);
  const places = Object.entries(NAMED_PLACES)
    .filter(([place]) => name.includes(place))
    .map(([, inStreets]) => [...inStreets]);
  return [...stems, ...places];
}

/** Features whose name carries a place they do not lie in: a point outside, or an area not within. */
function misplaced(fs: readonly { layer: string; f: Feature }[]): string[] {
  return fs.flatMap(({ layer, f }) => {
    const name = String(f.properties?.name);
    return streetsOf(name).flatMap((allowed) => {
      const inside = allowed.some((street) => {
        const area = streets.find((s) => s.properties.name === street);
        if (!area) throw new Error(`no street office ${street}`);
        return f.geometry.type === 'Point' ? turf.booleanPointInPolygon(f.geometry as Point, area) : turf.booleanWithin(f.geometry, area);
      });
      return inside ? [] : [`${layer} ${name}: not in ${allowed.join(' / ')}`];
    });
  });
}

describe('demo names and places', () => {
  const sites = all.filter(({ layer }) => layer !== 'streets');

  it('puts every site named after a street office, village or road inside that street office', () => {
    expect(streets).toHaveLength(18);
    expect(sites.filter(({ props }) => streetsOf(props.name).length > 0).length).toBeGreaterThan(80);
    expect(misplaced(sites)).toEqual([]);
  });

  it('would notice a named site moved into another street office', () => {
    const station = features('aq_stations').find((f) => String(f.properties?.name).startsWith('鹿苑微型站'))!;
    const elsewhere = turf.pointOnFeature(streets.find((s) => s.properties.name === '小南头街道')!).geometry;
    expect(misplaced([{ layer: 'aq_stations', f: { ...station, geometry: elsewhere } }])).toHaveLength(1);
  });

  it('gives one institution one place: the 第二人民医院 station and boiler stand together', () => {
    const hospital = sites.filter(({ props }) => props.name.includes('第二人民医院'));
    expect(hospital.map(({ layer }) => layer).sort()).toEqual(['aq_stations', 'boilers']);
    const [a, b] = hospital.map(({ f }) => f.geometry as Point);
    expect(turf.distance(a!, b!, { units: 'meters' })).toBeLessThan(300);
  });

  it('says 示意 in the name of every demo feature; street offices keep their official names and carry is_demo', () => {
    expect(all.filter(({ props }) => props.is_demo !== true)).toEqual([]);
    expect(sites.filter(({ props }) => !props.name.includes('示意')).map(({ layer, props }) => `${layer} ${props.name}`)).toEqual([]);
    expect(streets.every((s) => s.properties.name.endsWith('街道') && /^140213\d{3}$/.test(String(s.properties.code)))).toBe(true);
  });

  it('never cites the action plan as the decree that designated a demo zone', () => {
    const zones = all.filter(({ props }) => 'decree' in props);
    expect(zones.map(({ layer }) => layer)).toContain('nrmm_control_zones');
    for (const { props } of zones) {
      expect(String(props.decree)).not.toMatch(/平城政办发|行动计划|行动方案/);
      expect(String(props.decree)).toContain('示意');
    }
  });
});

describe('demo unified social credit codes', () => {
  // GB 32100-2015: 18 characters from 0-9 and A-Y without I, O, S, V, Z; the 18th is a check character
  const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]$/;
  const valid = (code: string) => FORMAT.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17];

  it('computes the check character as GB 32100 does', () => {
    // the sample code in the standard's own format; one changed character makes it invalid
    expect(valid('91350100M000100Y43')).toBe(true);
    expect(valid('91350100M000100Y44')).toBe(false);
    expect(valid('91350100M000101Y43')).toBe(false);
  });

  it('gives every demo code the shape of a Pingcheng code and a wrong check character on purpose', () => {
    const codes = all.flatMap(({ props }) => [props.credit_code, props.licence_no].filter((c): c is string => typeof c === 'string'));
    expect(codes.length).toBeGreaterThan(30);
    for (const code of codes) {
      expect(code).toMatch(FORMAT);
      expect(code.slice(2, 8)).toBe('140213');
      expect(valid(code), code).toBe(false);
    }
  });
});

describe('demo non-road machinery', () => {
  // GB 20891: stage I from 2007-10-01, II from 2009-10-01, III from 2014-10-01, IV (≤ 560 kW) from 2022-12-01
  const FROM: Record<string, string> = { I: '2007-10-01', II: '2009-10-01', III: '2014-10-01', IV: '2022-12-01' };
  const IV_FROM_YEAR = 2022;

  it('records a year of manufacture wholly inside the time its emission stage was made', () => {
    const machines = features('nrmm_machines').map((f) => f.properties as Props);
    const dated = machines.filter((m) => typeof m.manufacture_year === 'number' && String(m.emission_stage) in FROM);
    expect(dated.length).toBeGreaterThan(40);
    expect(dated.some((m) => m.emission_stage === 'IV')).toBe(true);
    for (const m of dated) {
      const year = m.manufacture_year as number;
      const from = FROM[m.emission_stage as string]!;
      // a year-only record fits a stage only if all of that year lies after the stage began
      expect(year, m.name).toBeGreaterThan(Number(from.slice(0, 4)));
      // below 国四, made before 国四 became compulsory
      if (m.emission_stage !== 'IV') expect(year, m.name).toBeLessThanOrEqual(IV_FROM_YEAR);
    }
  });
});

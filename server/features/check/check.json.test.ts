/**
 * check.json.ts writes GET /api/check's answer from bytes it encoded before: it must give exactly
 * the bytes of JSON.stringify + UTF-8, for answers as check.service.ts builds them (shared moment
 * windows, one id array per layer) and for text JSON escapes or UTF-8 spells in several bytes.
 * tests/api/check.test.ts compares the HTTP answers with the service's verdicts on both databases.
 */
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../layers/catalogue/index.ts';
import { RULES } from '../rules/catalogue/index.ts';
import type { CheckResponse } from './check.contract.ts';
import { checkResponseJson } from './check.json.ts';

const expectSameBytes = (r: CheckResponse) => expect(checkResponseJson(r).equals(Buffer.from(JSON.stringify(r)))).toBe(true);

/** An answer shaped as check.service.ts shapes it: zones of the given layers, each layer's restrictions with one id array. */
function answer(zones: { layer: string; id: string; name: string }[], over: Partial<CheckResponse> = {}): CheckResponse {
  const rules: CheckResponse['rules'] = [];
  for (const layer of LAYERS) {
    const zoneIds = zones.filter((z) => z.layer === layer.id).map((z) => z.id);
    if (zoneIds.length === 0) continue;
    for (const r of layer.restrictions)
      rules.push({ id: r.id, article: r.article, layer: layer.id, zoneIds, zh: r.zh, en: r.en, inForce: rules.length % 2 === 0 });
  }
  const windows = RULES.filter((r) => r.inForce).map((r, k) => ({
    rule: r.id,
    article: r.article,
    title: r.title,
    text: r.inForce!.text,
    inForce: k % 2 === 0,
  }));
  return {
    point: { lng: 113.301234567, lat: 40.087654321 },
    input: { crs: 'wgs84', lng: 113.301234567, lat: 40.087654321 },
    zones,
    rules,
    warnings: [],
    asOf: '2023-11-05T09:30',
    windows,
    distances: { built_up_areas: -12.3, nrmm_control_zones: 4051.7 },
    ...over,
  };
}

const polygonLayers = LAYERS.filter((l) => l.geometryType === 'Polygon' && l.restrictions.length > 0).map((l) => l.id);

describe('checkResponseJson', () => {
  it('gives the bytes of JSON.stringify for answers with no, one and many zones, again and again', () => {
    const many = polygonLayers.flatMap((layer, k) => [1, 2, 3].map((n) => ({ layer, id: String(k * 100 + n), name: `合成控制区${k}-${n}` })));
    const cases = [answer([]), answer(many.slice(0, 1)), answer(many)];
    // twice: the second time from the bytes kept the first time
    for (const c of [...cases, ...cases]) expectSameBytes(c);
  });

  it('escapes and encodes awkward text as JSON.stringify does: quotes, backslashes, controls, U+2028, emoji, lone surrogates', () => {
    const names = ['带"引号"的区', 'back\\slash', 'tab\there\nnewline\u0001', 'line\u2028separator', '🏭 厂区', 'lone \ud800 surrogate', ''];
    expectSameBytes(answer(names.map((name, k) => ({ layer: polygonLayers[k % polygonLayers.length]!, id: String(k + 1), name }))));
    expectSameBytes(answer([{ layer: 'built_up_areas', id: 'a"b\\c', name: 'x' }], { asOf: '2024-01-01' }));
  });

  it('writes numbers and keys as JSON.stringify does: projected input, -0, tiny and huge values, no finite value', () => {
    expectSameBytes(answer([], { input: { crs: 'epsg4547', x: 512345.678, y: 4437654.321 }, point: { lng: -0, lat: 5e-7 } }));
    expectSameBytes(answer([], { distances: { a: 1e21, b: -1e-7, c: Number.NaN, d: Number.POSITIVE_INFINITY, 'e"f': 0 } }));
    expectSameBytes(answer([], { distances: {} }));
  });

  it('writes warnings, and never keeps a restriction whose text changed under the same id', () => {
    const zones = [{ layer: 'built_up_areas', id: '7', name: '建成区' }];
    const warnings = [{ code: 'CLEAN_HEATING_GAP', zh: '该点位于建成区内…', en: 'Inside the built-up area…' }];
    expectSameBytes(answer(zones, { warnings }));
    const changed = answer(zones);
    changed.rules = changed.rules.map((r) => ({ ...r, zh: `${r.zh}（修订）`, en: `${r.en} (revised)`, article: `${r.article}a` }));
    expectSameBytes(changed);
    expectSameBytes(answer(zones)); // and back
  });
});

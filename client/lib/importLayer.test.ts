import { expect, it } from 'vitest';
import type { LayerInfo } from '../api/types.ts';
import { importLayers, pickImportLayer } from './importLayer.ts';

const layer = (id: string, group: LayerInfo['group'], geometryType: LayerInfo['geometryType'] = 'Point') => ({ id, group, geometryType }) as LayerInfo;
const LAYERS = [layer('coal_ban_zones', 'zones', 'Polygon'), layer('ash_yards', 'sites', 'Polygon'), layer('boilers', 'sites'), layer('gas_stations', 'sites')];
const only =
  (...ids: string[]) =>
  (id: string) =>
    ids.includes(id);

it('starts on the layer in view when the user may write it', () => {
  expect(pickImportLayer(LAYERS, only('boilers', 'gas_stations'), 'gas_stations')).toBe('gas_stations');
});

it('otherwise on the first point site layer the user may write, not the ash yards first in the catalogue', () => {
  expect(pickImportLayer(LAYERS, () => true, undefined)).toBe('boilers');
  expect(pickImportLayer(LAYERS, () => true, 'ash_yards')).toBe('boilers');
  expect(pickImportLayer(LAYERS, only('coal_ban_zones', 'gas_stations'), 'ash_yards')).toBe('gas_stations');
  expect(pickImportLayer(LAYERS, only('coal_ban_zones', 'ash_yards'), 'boilers')).toBe('ash_yards');
  expect(pickImportLayer(LAYERS, only('coal_ban_zones'), 'boilers')).toBe('coal_ban_zones');
});

it('offers nothing to a user who may write nothing (signed out, or a viewer)', () => {
  expect(pickImportLayer(LAYERS, () => false, 'boilers')).toBeUndefined();
  expect(importLayers(LAYERS, () => false)).toEqual([]);
  expect(importLayers(LAYERS, only('boilers')).map((l) => l.id)).toEqual(['boilers']);
});

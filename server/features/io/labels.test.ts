import { describe, expect, it } from 'vitest';
import { LAYERS } from '../layers/catalogue/index.ts';
import { columnHeader, displayValue } from './labels.ts';

const COLUMNS = (keys: string[]) => ['id', 'name', ...keys, 'is_demo', 'lon', 'lat', 'wkt'];

describe('export labels', () => {
  it.each(LAYERS.map((l) => [l.id, l] as const))('%s: Chinese headers are unique and differ from the keys', (_id, layer) => {
    const headers = COLUMNS(layer.attributes.map((a) => a.key)).map((k) => columnHeader(layer, k, 'zh'));
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.filter((h) => /^[a-z_]+$/.test(h))).toEqual([]);
  });

  it('keeps keys and values as they are by default', () => {
    const layer = LAYERS[0]!;
    expect(columnHeader(layer, 'name', 'keys')).toBe('name');
    expect(displayValue(layer.attributes[0], true, 'keys')).toBe(true);
  });
});

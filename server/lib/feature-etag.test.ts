import { describe, expect, it } from 'vitest';
import { featureEtag, parseIfMatch } from './feature-etag.ts';

describe('feature ETags and If-Match', () => {
  it('names layer, id and version in one strong tag', () => {
    expect(featureEtag('coal_ban_zones', 12, 3)).toBe('"coal_ban_zones.12.v3"');
  });
  it('reads one tag, a list, weak tags, and ignores tags of other features', () => {
    expect(parseIfMatch('"coal_ban_zones.12.v3"', 'coal_ban_zones', 12)).toEqual({ kind: 'versions', versions: [3] });
    expect(parseIfMatch('"coal_ban_zones.12.v3", W/"coal_ban_zones.12.v4"', 'coal_ban_zones', 12)).toEqual({ kind: 'versions', versions: [3, 4] });
    expect(parseIfMatch('"coal_ban_zones.13.v3"', 'coal_ban_zones', 12)).toEqual({ kind: 'versions', versions: [] });
    expect(parseIfMatch('"streets.12.v3"', 'coal_ban_zones', 12)).toEqual({ kind: 'versions', versions: [] });
    expect(parseIfMatch('"coal_ban_zones.12.v3x"', 'coal_ban_zones', 12)).toEqual({ kind: 'versions', versions: [] });
    expect(parseIfMatch('garbage', 'coal_ban_zones', 12)).toEqual({ kind: 'versions', versions: [] });
  });
  it('tells a missing header and * apart', () => {
    expect(parseIfMatch(undefined, 'a', 1)).toEqual({ kind: 'missing' });
    expect(parseIfMatch('  ', 'a', 1)).toEqual({ kind: 'missing' });
    expect(parseIfMatch('*', 'a', 1)).toEqual({ kind: 'any' });
  });
});

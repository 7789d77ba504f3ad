import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from './urlState.ts';

describe('the shareable URL state', () => {
  it('round-trips position, layers, basemap, checked point, feature and language', () => {
    const state = {
      zoom: 13.25,
      center: [113.3035, 40.0851] as [number, number],
      layers: ['coal_ban_zones', 'streets'],
      basemap: 'tianditu-vec',
      check: { lng: 113.3, lat: 40.09 },
      feature: { layer: 'construction_sites', id: 12 },
      lang: 'en' as const,
    };
    const hash = formatUrlState(state);
    expect(hash).toBe(
      '#map=13.25/40.08510/113.30350&layers=coal_ban_zones,streets&base=tianditu-vec&check=113.300000,40.090000&f=construction_sites:12&lang=en',
    );
    expect(parseUrlState(hash)).toEqual(state);
  });

  it('round-trips layer opacities and the analysis filters, dropping malformed ones', () => {
    const state = { opacity: { boilers: 0.5, coal_ban_zones: 0.25 }, violations: { rule: 'coal_ban.boiler', street: '140202003' } };
    const hash = formatUrlState(state);
    expect(hash).toBe('#op=boilers:0.50,coal_ban_zones:0.25&rule=coal_ban.boiler&street=140202003');
    expect(parseUrlState(hash)).toEqual(state);
    expect(parseUrlState('#op=boilers:2,Bad:0.5,streets:x,streets:0.4&rule=<script>')).toEqual({ opacity: { streets: 0.4 } });
  });

  it('keeps an explicitly empty layer list apart from no list at all', () => {
    expect(parseUrlState('#layers=').layers).toEqual([]);
    expect(parseUrlState('#map=12/40/113').layers).toBeUndefined();
  });

  it('leaves defaults (offline basemap, Chinese, automatic tiles) out of the link', () => {
    expect(formatUrlState({ basemap: 'offline', lang: 'zh', tiles: 'auto' })).toBe('');
  });

  it('keeps a forced drawing mode for large layers (tiles=on|off), and ignores other values', () => {
    expect(parseUrlState(formatUrlState({ tiles: 'off' })).tiles).toBe('off');
    expect(parseUrlState('#tiles=on').tiles).toBe('on');
    expect(parseUrlState('#tiles=yes').tiles).toBeUndefined();
  });

  it('ignores malformed or out-of-range parts instead of failing', () => {
    const s = parseUrlState('#map=12/95/113&check=abc,40&layers=ok,DROP TABLE,x;y&f=a:b&lang=fr&base=%E0%A4%A');
    expect(s).toEqual({ layers: ['ok'] });
  });

  it('accepts percent-encoded values', () => {
    expect(parseUrlState('#check=113.3%2C40.1').check).toEqual({ lng: 113.3, lat: 40.1 });
  });
});

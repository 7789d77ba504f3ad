import { describe, expect, it } from 'vitest';
import { formatUrlState } from '../lib/urlState.ts';
import { withOpacity } from './useLayerVisibility.ts';

describe('a layer opacity choice', () => {
  it('is kept while it differs from the style and leaves the link when set back to it', () => {
    let choices = withOpacity({}, 'coal_ban_zones', 0.3, 0.35);
    choices = withOpacity(choices, 'boilers', 1, 0.8);
    expect(choices).toEqual({ coal_ban_zones: 0.3, boilers: 1 });
    expect(formatUrlState({ opacity: choices })).toBe('#op=coal_ban_zones:0.30,boilers:1.00');
    choices = withOpacity(choices, 'boilers', 0.8, 0.8);
    choices = withOpacity(choices, 'coal_ban_zones', 0.351, 0.35);
    expect(choices).toEqual({});
    expect(formatUrlState({ opacity: choices })).toBe('');
  });

  it('is kept as given when the style is not known', () => {
    expect(withOpacity({ a: 0.2 }, 'b', 1, undefined)).toEqual({ a: 0.2, b: 1 });
  });
});

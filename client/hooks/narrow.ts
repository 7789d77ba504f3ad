/** The narrow (phone, small tablet) layout: below 900 px the side panel slides over the map and the inspector sits at the bottom. */
export const NARROW_QUERY = '(max-width: 899px)';

export const isNarrow = (): boolean => window.matchMedia(NARROW_QUERY).matches;

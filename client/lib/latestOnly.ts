/**
 * Keeps only the latest of a series of lazy loads (the map's drawing code is fetched on first use):
 * a load that arrives after a newer start, or after a stop, is void and must not touch the map.
 */
export interface LatestOnly {
  /** Begins a load; the returned check is true while no newer start and no stop have come. */
  start(): () => boolean;
  /** Voids every load under way. */
  stop(): void;
}

export function latestOnly(): LatestOnly {
  let current = 0;
  return {
    start() {
      const mine = ++current;
      return () => current === mine;
    },
    stop() {
      current++;
    },
  };
}

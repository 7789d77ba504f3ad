/**
 * The analysis panel's link to the map: violation highlights and the clean-heating gap layer
 * (map/violations.ts, map/gaps.ts through MapController).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GapCollection } from '../api/coverage.ts';
import type { Violation } from '../api/violations.ts';
import { bboxOf, padBbox, touchingGroupLabels } from '../lib/geometry.ts';
import type { MapController, ViolationMark } from '../map/index.ts';

/** One mark per flagged site, counting its items; 违规 when any item is, else 待核查. */
export function violationMarks(violations: readonly Violation[]): ViolationMark[] {
  const byKey = new Map<string, ViolationMark>();
  for (const v of violations) {
    const key = `${v.layer}:${v.featureId}`;
    const have = byKey.get(key);
    if (have) {
      have.count++;
      if (v.outcome === 'violation') have.outcome = 'violation';
    } else byKey.set(key, { layer: v.layer, featureId: v.featureId, lng: v.lng, lat: v.lat, count: 1, outcome: v.outcome });
  }
  return [...byKey.values()];
}

export function useViolationHighlights(map: MapController | null, violations: readonly Violation[] | null, on: boolean): void {
  const marks = useMemo(() => (violations ? violationMarks(violations) : null), [violations]);
  useEffect(() => {
    map?.setViolations(on && marks ? marks : null);
  }, [map, marks, on]);
}

/**
 * Draws the gaps while `on`, each labelled by `label(area_m2)`; the first time they are shown the
 * map fits them. Returns how many gap pieces are drawn in the view (null while hidden or loading).
 */
export function useGapsLayer(map: MapController | null, gaps: GapCollection | null, on: boolean, label: (m2: number) => string): number | null {
  const [rendered, setRendered] = useState<number | null>(null);
  const fitted = useRef(false);
  // one label per hole: the pieces of a gap split by a street boundary are labelled once, with their summed area
  const labelled = useMemo(() => {
    if (!gaps) return null;
    const groups = touchingGroupLabels(gaps.features.map((f) => ({ geometry: f.geometry, size: f.properties.area_m2 })));
    const labels: GeoJSON.FeatureCollection<GeoJSON.Point> = {
      type: 'FeatureCollection',
      features: groups.map((g) => ({ type: 'Feature', properties: { label: label(g.size), size: g.size }, geometry: { type: 'Point', coordinates: g.at } })),
    };
    return { fc: gaps as GeoJSON.FeatureCollection, labels };
  }, [gaps, label]);
  useEffect(() => {
    if (!map) return;
    let live = true;
    setRendered(null);
    const fc = on ? labelled : null;
    if (fc && !fitted.current && fc.fc.features.length) {
      fitted.current = true;
      const b = bboxOf(fc.fc);
      if (b) map.fitBounds(padBbox(b, 0.08), 14);
    }
    void map.setCoverageGaps(fc).then((n) => live && fc && setRendered(n));
    return () => {
      live = false;
    };
  }, [map, labelled, on]);
  return rendered;
}

/**
 * The tools' sketch on the map (map/sketch.ts) while a tool is on: which kind is being drawn and
 * the last finished shape. The sketch exists only while a tool is on (the editor's drawing has the
 * map to itself otherwise); map clicks belong to it meanwhile (no site check, no inspector).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { latestOnly } from '../lib/latestOnly.ts';
import { loadSketch, type MapController, type Sketch, type SketchGeometry, type SketchKind } from '../map/index.ts';

export function useSketch(map: MapController | null) {
  const sketch = useRef<Sketch | null>(null);
  // a start whose drawing code arrives after a later start or a stop is void
  const loads = useRef(latestOnly());
  const [kind, setKind] = useState<SketchKind | null>(null);
  const [shape, setShape] = useState<SketchGeometry | null>(null);

  const drop = useCallback(() => {
    loads.current.stop();
    sketch.current?.destroy();
    sketch.current = null;
  }, []);
  // a new (or no) map: the old map's sketch goes
  // biome-ignore lint/correctness/useExhaustiveDependencies: `map` is the trigger
  useEffect(() => drop, [map, drop]);

  const start = useCallback(
    (k: SketchKind) => {
      if (!map) return;
      const isLatest = loads.current.start();
      setShape(null);
      // terra-draw is loaded on the first tool use, not with the first page (issue #18); the
      // tool shows as on (`kind`) once the map takes its clicks, not before
      void loadSketch().then(({ createSketch }) => {
        if (!isLatest()) return;
        sketch.current ??= createSketch(map, setShape);
        sketch.current.start(k);
        setKind(k);
      });
    },
    [map],
  );
  const stop = useCallback(() => {
    setShape(null);
    setKind(null);
    drop();
  }, [drop]);
  const showArea = useCallback((area: GeoJSON.Polygon | null) => sketch.current?.showArea(area), []);
  return { kind, shape, start, stop, showArea };
}

export type SketchState = ReturnType<typeof useSketch>;

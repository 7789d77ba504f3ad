/**
 * The planner's sketch on the map (terra-draw, like the editor's drawing): a line to measure, a
 * polygon to measure or to select within, or a point to buffer. One shape at a time; the shape
 * after each finished gesture goes to `onFinish`, and a given area (a buffer) can be shown.
 * Gestures: click the vertices; finish a line or polygon with a click on the last (or first)
 * vertex, or Enter; Escape drops the unfinished shape.
 */
import { type GeoJSONStoreFeatures, TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawRenderMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { MapController } from './MapController.ts';

export type SketchKind = 'line' | 'polygon' | 'point';
export type SketchGeometry = GeoJSON.LineString | GeoJSON.Polygon | GeoJSON.Point;

export interface Sketch {
  /** Start a new shape of this kind (drops the current one). */
  start(kind: SketchKind): void;
  /** Outline an area computed from the shape (a buffer), or clear it. */
  showArea(area: GeoJSON.Polygon | null): void;
  /** Drop every shape and stop drawing. */
  clear(): void;
  destroy(): void;
}

const COLOR = '#7a3eb1';
const AREA = 'area';

export function createSketch(controller: MapController, onFinish: (g: SketchGeometry) => void): Sketch {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map: controller.map, coordinatePrecision: 9, prefixId: 'pc-sketch' }),
    modes: [
      new TerraDrawLineStringMode({
        keyEvents: { cancel: 'Escape', finish: 'Enter' },
        styles: { lineStringColor: COLOR, lineStringWidth: 3, closingPointColor: '#ffffff', closingPointOutlineColor: COLOR },
      }),
      new TerraDrawPolygonMode({
        keyEvents: { cancel: 'Escape', finish: 'Enter' },
        styles: { fillColor: COLOR, fillOpacity: 0.15, outlineColor: COLOR, outlineWidth: 2.5, closingPointColor: '#ffffff', closingPointOutlineColor: COLOR },
      }),
      new TerraDrawPointMode({ styles: { pointColor: COLOR, pointWidth: 7, pointOutlineColor: '#ffffff', pointOutlineWidth: 2 } }),
      new TerraDrawRenderMode({
        modeName: AREA,
        styles: { polygonFillColor: COLOR, polygonFillOpacity: 0.12, polygonOutlineColor: COLOR, polygonOutlineWidth: 2, zIndex: 5 },
      }),
    ],
  });
  draw.start();
  let kind: SketchKind | null = null;
  let areaIds: (string | number)[] = [];

  const dropAll = () => {
    draw.clear();
    areaIds = [];
  };

  draw.on('finish', (id) => {
    const g = draw.getSnapshotFeature(id)?.geometry as SketchGeometry | undefined;
    if (!g || !kind) return;
    onFinish(structuredClone(g));
    // a finished shape stays on the map; the next click starts a new one of the same kind
    const keep = kind;
    const keepId = id;
    for (const f of draw.getSnapshot()) if (f.id !== keepId && !areaIds.includes(f.id as string | number)) draw.removeFeatures([f.id as string | number]);
    draw.setMode(keep === 'line' ? 'linestring' : keep);
  });

  return {
    start(k) {
      dropAll();
      kind = k;
      draw.setMode(k === 'line' ? 'linestring' : k);
    },
    showArea(area) {
      if (areaIds.length) draw.removeFeatures(areaIds);
      areaIds = [];
      if (!area) return;
      const id = draw.getFeatureId();
      // terra-draw refuses coordinates finer than the adapter's precision (9 decimals)
      const round = (v: number) => Math.round(v * 1e9) / 1e9;
      const geometry: GeoJSON.Polygon = { type: 'Polygon', coordinates: area.coordinates.map((ring) => ring.map(([x, y]) => [round(x!), round(y!)])) };
      const [r] = draw.addFeatures([{ type: 'Feature', id, geometry, properties: { mode: AREA } } as GeoJSONStoreFeatures]);
      if (r?.valid) areaIds = [id];
    },
    clear() {
      dropAll();
      kind = null;
      draw.setMode('static');
    },
    destroy() {
      draw.clear();
      draw.stop();
    },
  };
}

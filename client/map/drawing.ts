/**
 * Drawing and reshaping one feature on the map with terra-draw (+ its MapLibre adapter). The rest of
 * the app sees only `Drawing`: start a new shape or load an existing one, read the geometry after
 * every finished gesture, put back an earlier geometry (the editor's undo), and show the features to
 * snap to and another person's version (a conflict) — no terra-draw or MapLibre types leak out.
 *
 * Gestures (terra-draw's own):
 *  - new polygon: click each vertex; finish by clicking the first (or the last) vertex again, or Enter.
 *    Escape drops the unfinished shape. New point: one click.
 *  - afterwards (and for an existing feature) the shape is selected: drag a vertex to move it, drag the
 *    small mid-point handle to insert a vertex, right-click a vertex to delete it, drag inside the
 *    shape to move all of it.
 * Snapping: while drawing or dragging a polygon vertex, the pointer snaps (within terra-draw's
 * pointer distance, 40 px) to the nearest vertex or, failing that, to the nearest point on an edge
 * of the "reference" features — the other features of the loaded polygon layers near the view, that
 * the editor hands over with `setSnapTargets`. Points are placed without snapping (terra-draw's
 * point mode has none). Polygons with holes and multi-polygons cannot be reshaped here (terra-draw
 * edits the outer ring only): the editor offers attribute editing for those.
 */
import {
  TerraDraw,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawRenderMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type HexColor,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { TEST_HOOKS } from '../config.ts';
import type { MapController } from './MapController.ts';

import { isReshapable, type EditableGeometry } from './editable.ts';

export type DrawKind = 'Point' | 'Polygon';

export interface Drawing {
  /** Start drawing a new shape (drops the current one). */
  drawNew(): void;
  /** Load an existing geometry and select it for reshaping. */
  load(geometry: EditableGeometry): void;
  /** The shape now (null while nothing is finished). */
  geometry(): EditableGeometry | null;
  /** Put back an earlier state (undo); null starts over with a new shape. */
  restore(geometry: EditableGeometry | null): void;
  /** Features whose vertices and edges a polygon vertex snaps to. */
  setSnapTargets(features: readonly GeoJSON.Feature[]): void;
  /** Another person's version of the feature, outlined (null clears). */
  showConflict(geometry: GeoJSON.Geometry | null): void;
  destroy(): void;
}

export interface DrawingOptions {
  kind: DrawKind;
  color: string;
  /** Called after every finished gesture with the new geometry. */
  onChange(geometry: EditableGeometry): void;
}

const REFERENCE = 'reference';
const CONFLICT = 'conflict';
const SNAP = { toFeature: { filter: (f: GeoJSON.Feature) => f.properties?.mode === REFERENCE, toLine: true, toCoordinate: true } };
const MAX_SNAP_TARGETS = 3000;

const hex = (c: string): HexColor => (/^#[0-9a-f]{6}$/i.test(c) ? (c as HexColor) : '#0b3954');

/** Splits multi-geometries into the single ones terra-draw stores. */
function singleParts(g: GeoJSON.Geometry | null): (GeoJSON.Point | GeoJSON.Polygon | GeoJSON.LineString)[] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
    case 'Polygon':
    case 'LineString':
      return [g];
    case 'MultiPolygon':
      return g.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }));
    case 'MultiPoint':
      return g.coordinates.map((c) => ({ type: 'Point', coordinates: c }));
    case 'MultiLineString':
      return g.coordinates.map((c) => ({ type: 'LineString', coordinates: c }));
    default:
      return [];
  }
}

/** Outer rings only: terra-draw's polygons have one ring, and snapping uses only the first. */
function outer(g: GeoJSON.Point | GeoJSON.Polygon | GeoJSON.LineString): GeoJSON.Point | GeoJSON.Polygon | GeoJSON.LineString {
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: [g.coordinates[0]!] } : g;
}

export function createDrawing(controller: MapController, opts: DrawingOptions): Drawing {
  const color = hex(opts.color);
  const drawMode = opts.kind === 'Point' ? 'point' : 'polygon';
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map: controller.map, coordinatePrecision: 9, prefixId: 'pc-draw' }),
    modes: [
      new TerraDrawPolygonMode({
        snapping: SNAP,
        keyEvents: { cancel: 'Escape', finish: 'Enter' },
        styles: {
          fillColor: color,
          fillOpacity: 0.25,
          outlineColor: color,
          outlineWidth: 2.5,
          closingPointColor: '#ffffff',
          closingPointOutlineColor: color,
          snappingPointColor: '#f59e0b',
        },
      }),
      new TerraDrawPointMode({ styles: { pointColor: color, pointWidth: 7, pointOutlineColor: '#ffffff', pointOutlineWidth: 2 } }),
      new TerraDrawSelectMode({
        allowManualDeselection: false,
        keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        flags: {
          polygon: {
            feature: {
              draggable: true,
              coordinates: { draggable: true, midpoints: { draggable: true }, deletable: true, snappable: SNAP },
            },
          },
          point: { feature: { draggable: true } },
        },
        styles: {
          selectedPolygonColor: color,
          selectedPolygonFillOpacity: 0.25,
          selectedPolygonOutlineColor: color,
          selectedPolygonOutlineWidth: 3,
          selectedPointColor: color,
          selectedPointWidth: 8,
          selectedPointOutlineColor: '#ffffff',
          selectedPointOutlineWidth: 2,
          selectionPointColor: '#ffffff',
          selectionPointOutlineColor: color,
          selectionPointWidth: 5,
          selectionPointOutlineWidth: 2,
          midPointColor: color,
          midPointWidth: 3,
          midPointOutlineColor: '#ffffff',
          midPointOutlineWidth: 1,
        },
      }),
      new TerraDrawRenderMode({
        modeName: REFERENCE,
        styles: {
          polygonFillOpacity: 0,
          polygonOutlineColor: '#6a7380',
          polygonOutlineWidth: 0.6,
          pointWidth: 2,
          pointColor: '#6a7380',
          pointOutlineWidth: 0,
          lineStringColor: '#6a7380',
          lineStringWidth: 0.6,
          zIndex: 10,
        },
      }),
      new TerraDrawRenderMode({
        modeName: CONFLICT,
        styles: {
          polygonFillColor: '#b42318',
          polygonFillOpacity: 0.08,
          polygonOutlineColor: '#b42318',
          polygonOutlineWidth: 3,
          pointColor: '#b42318',
          pointWidth: 8,
          pointOutlineColor: '#ffffff',
          pointOutlineWidth: 2,
          zIndex: 20,
        },
      }),
    ],
  });
  draw.start();
  // Browser tests turn their clicks into coordinates the way the map does (tests/e2e/editing.e2e.test.ts);
  // absent from a production build (client/config.ts).
  if (TEST_HOOKS) {
    (window as unknown as { __pcMap?: unknown }).__pcMap = {
      unproject: (x: number, y: number) => controller.map.unproject([x, y]).toArray(),
      project: (lng: number, lat: number) => controller.map.project([lng, lat]),
    };
  }

  let currentId: string | number | null = null;
  let referenceIds: (string | number)[] = [];
  let conflictIds: (string | number)[] = [];

  const read = (): EditableGeometry | null => {
    if (currentId === null || !draw.hasFeature(currentId)) return null;
    const g = draw.getSnapshotFeature(currentId)?.geometry;
    return isReshapable(g as GeoJSON.Geometry) ? (structuredClone(g) as EditableGeometry) : null;
  };

  const select = (id: string | number) => {
    draw.setMode('select');
    draw.selectFeature(id);
  };

  const dropCurrent = () => {
    if (currentId !== null && draw.hasFeature(currentId)) draw.removeFeatures([currentId]);
    currentId = null;
  };

  const add = (geometry: EditableGeometry) => {
    const id = draw.getFeatureId();
    const mode = geometry.type === 'Point' ? 'point' : 'polygon';
    const [result] = draw.addFeatures([{ type: 'Feature', id, geometry: structuredClone(geometry), properties: { mode } } as GeoJSONStoreFeatures]);
    if (!result?.valid) throw new Error(`terra-draw refused the geometry: ${result?.reason ?? 'invalid'}`);
    currentId = id;
    select(id);
  };

  draw.on('finish', (id, ctx) => {
    if (ctx.mode === drawMode && ctx.action === 'draw') {
      currentId = id;
      select(id); // reshape right away
    }
    if (id !== currentId) return;
    const g = read();
    if (g) opts.onChange(g);
  });

  return {
    drawNew() {
      dropCurrent();
      draw.setMode(drawMode);
    },
    load(geometry) {
      dropCurrent();
      add(geometry);
    },
    geometry: read,
    restore(geometry) {
      if (!geometry) {
        dropCurrent();
        draw.setMode(drawMode);
        return;
      }
      if (currentId !== null && draw.hasFeature(currentId)) {
        draw.updateFeatureGeometry(currentId, structuredClone(geometry));
        if (draw.getMode() !== 'select') select(currentId);
      } else add(geometry);
    },
    setSnapTargets(features) {
      if (referenceIds.length) draw.removeFeatures(referenceIds.filter((id) => draw.hasFeature(id)));
      referenceIds = [];
      const parts: GeoJSONStoreFeatures[] = [];
      for (const f of features) {
        for (const g of singleParts(f.geometry)) {
          if (parts.length >= MAX_SNAP_TARGETS) break;
          parts.push({ type: 'Feature', id: draw.getFeatureId(), geometry: outer(g), properties: { mode: REFERENCE } } as GeoJSONStoreFeatures);
        }
      }
      // invalid shapes (e.g. self-touching rings) are simply not snap targets
      for (const r of draw.addFeatures(parts)) if (r.valid) referenceIds.push(r.id as string | number);
    },
    showConflict(geometry) {
      if (conflictIds.length) draw.removeFeatures(conflictIds.filter((id) => draw.hasFeature(id)));
      conflictIds = [];
      const parts = singleParts(geometry).map(
        (g) => ({ type: 'Feature', id: draw.getFeatureId(), geometry: outer(g), properties: { mode: CONFLICT } }) as GeoJSONStoreFeatures,
      );
      for (const r of draw.addFeatures(parts)) if (r.valid) conflictIds.push(r.id as string | number);
    },
    destroy() {
      draw.stop();
    },
  };
}

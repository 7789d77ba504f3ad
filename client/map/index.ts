/** The map module's public surface: hooks import from here, never from maplibre-gl. */
export { MapController, type HoverInfo, type LngLat, type MapCallbacks, type MapInit } from './MapController.ts';
export type { ViolationMark } from './violations.ts';
export { CASE_COLORS } from './cases.ts';
export { createDrawing, isReshapable, type Drawing, type EditableGeometry } from './drawing.ts';
export { drawsAsTiles } from './tileSource.ts';
export { createSketch, type Sketch, type SketchGeometry, type SketchKind } from './sketch.ts';

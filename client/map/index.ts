/** The map module's public surface: hooks import from here, never from maplibre-gl. */
export { MapController, type HoverInfo, type LngLat, type MapCallbacks, type MapInit } from './MapController.ts';
export type { ViolationMark } from './violations.ts';
export { CASE_COLORS } from './cases.ts';
export type { Drawing } from './drawing.ts';
export { isReshapable, type EditableGeometry } from './editable.ts';
/** The drawing code (terra-draw) on demand: it is not part of the first page. */
export const loadDrawing = () => import('./drawing.ts');
export { drawsAsTiles } from './tileSource.ts';
export type { Sketch, SketchGeometry, SketchKind } from './sketch.ts';
/** The tools' sketch (terra-draw too) on demand. */
export const loadSketch = () => import('./sketch.ts');

/** The map module's public surface: hooks import from here, never from maplibre-gl. */
export { MapController, type BasemapSpec, type Bbox, type DataLayer, type HoverInfo, type LngLat, type MapCallbacks, type MapInit } from './MapController.ts';
export { BASEMAP_SOURCES } from './baseStyle.ts';
export type { ViolationMark } from './violations.ts';
export { CASE_COLORS, type CaseMark } from './cases.ts';
export { createDrawing, isReshapable, type Drawing, type DrawKind, type EditableGeometry } from './drawing.ts';
export { drawsAsTiles, TILE_THRESHOLD } from './tileSource.ts';

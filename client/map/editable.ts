/**
 * What the editor can reshape, kept apart from drawing.ts so that deciding it does not load
 * terra-draw: the drawing code is fetched only when someone starts to edit (issue #18).
 */
export type EditableGeometry = GeoJSON.Point | GeoJSON.Polygon;

/** Whether terra-draw can reshape this geometry (a point, or a polygon without holes). */
export function isReshapable(g: GeoJSON.Geometry | null | undefined): g is EditableGeometry {
  return !!g && (g.type === 'Point' || (g.type === 'Polygon' && g.coordinates.length === 1));
}

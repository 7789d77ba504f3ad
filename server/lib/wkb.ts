/**
 * WKB (ST_AsBinary) of a Polygon or MultiPolygon → its rings as flat x,y arrays, every double bit
 * for bit as stored (GeoJSON text would round them). 2-D only, either byte order; anything else throws.
 */
export function polygonRings(wkb: Uint8Array): Float64Array[] {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  let at = 0;
  const rings: Float64Array[] = [];
  const header = () => {
    const little = view.getUint8(at) === 1;
    const type = view.getUint32(at + 1, little);
    at += 5;
    return { little, type };
  };
  const polygon = (little: boolean) => {
    const n = view.getUint32(at, little);
    at += 4;
    for (let r = 0; r < n; r++) {
      const points = view.getUint32(at, little);
      at += 4;
      const ring = new Float64Array(points * 2);
      for (let i = 0; i < points * 2; i++, at += 8) ring[i] = view.getFloat64(at, little);
      rings.push(ring);
    }
  };
  const { little, type } = header();
  if (type === 3) polygon(little);
  else if (type === 6) {
    const parts = view.getUint32(at, little);
    at += 4;
    for (let p = 0; p < parts; p++) {
      const part = header();
      if (part.type !== 3) throw new Error(`WKB: a MultiPolygon part of type ${part.type}`);
      polygon(part.little);
    }
  } else throw new Error(`WKB: type ${type} is not a 2-D Polygon or MultiPolygon`);
  return rings;
}

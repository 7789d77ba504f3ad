/**
 * Which layer the import dialog starts on. Registers (台账) are lists of point sites, so: the point
 * site layer the user was looking at if they may write it, else the first point site layer they
 * may write, then any site layer, then any layer they may write — never one they cannot import
 * into (a signed-out user gets none: the dialog asks them to sign in), and not simply the
 * catalogue's first site layer (the ash yards, a handful of polygons).
 */
import type { LayerInfo } from '../api/types.ts';

export function importLayers(layers: readonly LayerInfo[], canEdit: (id: string) => boolean): LayerInfo[] {
  return layers.filter((l) => canEdit(l.id));
}

export function pickImportLayer(layers: readonly LayerInfo[], canEdit: (id: string) => boolean, preferred: string | undefined): string | undefined {
  const writable = importLayers(layers, canEdit);
  const pointSite = (l: LayerInfo) => l.group === 'sites' && l.geometryType === 'Point';
  if (preferred && writable.some((l) => l.id === preferred && pointSite(l))) return preferred;
  return (writable.find(pointSite) ?? writable.find((l) => l.group === 'sites') ?? writable[0])?.id;
}

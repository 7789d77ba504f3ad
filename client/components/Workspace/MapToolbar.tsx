/** The map's toolbar: basemap, export, new feature (editors), import. */
import type { Basemap, LayerInfo, UnavailableBasemap } from '../../api/types.ts';
import type { Bbox } from '../../lib/geometry.ts';
import { BasemapSwitch } from '../Basemap/BasemapSwitch.tsx';
import { EditLauncher } from '../Editor/EditLauncher.tsx';
import { ExportMenu } from '../ExportMenu/ExportMenu.tsx';
import { ImportButton } from '../ImportDialog/ImportButton.tsx';

interface Props {
  basemaps: readonly Basemap[];
  unavailable: readonly UnavailableBasemap[];
  basemapId: string;
  onBasemap: (id: string) => void;
  layers: readonly LayerInfo[];
  shown: ReadonlySet<string>;
  viewBbox: Bbox | null;
  editableLayers: readonly LayerInfo[];
  onNewFeature: (layer: LayerInfo) => void;
  canStartEditing: boolean;
  importOpen: boolean;
  onImport: () => void;
}

export function MapToolbar(p: Props) {
  return (
    <>
      <BasemapSwitch basemaps={p.basemaps} unavailable={p.unavailable} value={p.basemapId} onChange={p.onBasemap} />
      <ExportMenu layers={p.layers} visible={p.shown} viewBbox={p.viewBbox} />
      <EditLauncher layers={p.editableLayers} onStart={p.onNewFeature} disabled={!p.canStartEditing} />
      <ImportButton open={p.importOpen} onClick={p.onImport} />
    </>
  );
}

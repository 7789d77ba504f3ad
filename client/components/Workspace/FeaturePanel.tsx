/** The inspector of the selected feature with its history (restorable by users who may edit the layer). */
import type { Feature, LayerInfo } from '../../api/types.ts';
import type { Session } from '../../hooks/useSession.ts';
import type { LngLat } from '../../map/index.ts';
import { FeatureHistorySection } from '../History/FeatureHistorySection.tsx';
import { Inspector } from '../Inspector/Inspector.tsx';

interface Props {
  layer: LayerInfo;
  feature: Feature | undefined;
  layers: readonly LayerInfo[];
  session: Session;
  /** Bumped after every save / restore: the history reads again. */
  historyKey: number;
  onClose: () => void;
  onCheckHere: (at: LngLat, label: string) => void;
  onZone: (layer: string, id: number) => void;
  onZoomTo: (f: Feature) => void;
  onEdit: (f: Feature) => void;
  onRestored: () => void;
}

export function FeaturePanel({ layer, feature, layers, session, historyKey, onClose, onCheckHere, onZone, onZoomTo, onEdit, onRestored }: Props) {
  return (
    <Inspector
      layer={layer}
      feature={feature}
      layers={layers}
      onClose={onClose}
      onCheckHere={(p) => onCheckHere(p, String(feature?.properties.name ?? ''))}
      onZone={onZone}
      onZoomTo={onZoomTo}
      canEdit={session.canEdit(layer.id)}
      onEdit={onEdit}
    >
      {feature && (
        <FeatureHistorySection
          layer={layer}
          featureId={feature.id}
          refreshKey={historyKey}
          signedIn={!!session.user}
          canRestore={session.canEdit(layer.id)}
          onRestored={onRestored}
        />
      )}
    </Inspector>
  );
}

/** `<option>`s of layers by their title: a first empty choice (`placeholder`) and one per layer. */
import type { LayerInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';

export function LayerOptions({ layers, placeholder }: { layers: readonly LayerInfo[]; placeholder: string }) {
  const { pick } = useI18n();
  return (
    <>
      <option value="">{placeholder}</option>
      {layers.map((l) => (
        <option key={l.id} value={l.id}>
          {pick(l.title)}
        </option>
      ))}
    </>
  );
}

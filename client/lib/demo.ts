/** Which listed names need a 示意 marker (components/DemoBadge/StreetsDemo.tsx shows them). */
import type { LayerInfo, Properties } from '../api/types.ts';

export const STREETS_LAYER = 'streets';

/** Whether the street offices' boundaries loaded are demo data (the catalogue's count of demo features). */
export function streetsAreDemo(layers: readonly Pick<LayerInfo, 'id' | 'demoCount'>[]): boolean {
  return layers.some((l) => l.id === STREETS_LAYER && l.demoCount > 0);
}

/** A demo feature whose name does not already say 示意 (the street offices) needs a tag where it is listed. */
export function needsDemoTag(props: Pick<Properties, 'name' | 'is_demo'>): boolean {
  return props.is_demo === true && !String(props.name ?? '').includes('示意');
}

/** A downloaded table's columns, with a 示意数据 column (`is_demo`) when any row is demo data. */
export function withDemoColumn<C extends { key: string; label: string }>(
  rows: readonly { feature: { properties: unknown } }[],
  columns: readonly C[],
  label: string,
): (C | { key: string; label: string })[] {
  const demo = rows.some((r) => (r.feature.properties as Properties | null)?.is_demo === true);
  return demo ? [...columns, { key: 'is_demo', label }] : [...columns];
}

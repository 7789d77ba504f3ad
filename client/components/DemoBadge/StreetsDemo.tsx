/**
 * The street offices keep their official names and codes (cases, reports and filters key on them),
 * so a street name carries no 示意 of its own: wherever street names are listed while the `streets`
 * layer holds demo boundaries, a note says the boundaries are illustrative — once under a list, as a
 * tag beside a single street name or a column header. Other demo features carry 示意 in their names;
 * `FeatureDemoTag` marks any demo feature whose name does not.
 */
import { createContext, type ReactNode, useContext } from 'react';
import type { Properties } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { needsDemoTag, STREETS_LAYER } from '../../lib/demo.ts';
import './DemoBadge.css';

const StreetsDemoContext = createContext(false);

/** `children` with the street offices' demo flag in context (the workspace's whole tree). */
export function withStreetsDemo(demo: boolean, children: ReactNode) {
  return <StreetsDemoContext.Provider value={demo}>{children}</StreetsDemoContext.Provider>;
}

/** A note under a list of street offices. */
export function StreetsDemoNote() {
  const { t } = useI18n();
  if (!useContext(StreetsDemoContext)) return null;
  return (
    <p className="demo-note" data-testid="streets-demo-note">
      {t('streets.demoNote')}
    </p>
  );
}

/** A tag beside one street name or a street column header; `layer` limits it to the streets layer. */
export function StreetsDemoTag({ layer = STREETS_LAYER }: { layer?: string }) {
  const { t } = useI18n();
  if (!useContext(StreetsDemoContext) || layer !== STREETS_LAYER) return null;
  return (
    <span className="demo-tag" title={t('streets.demoNote')} data-testid="streets-demo-tag">
      {t('streets.demoTag')}
    </span>
  );
}

/** A tag beside a demo feature's name when the name does not say 示意 itself. */
export function FeatureDemoTag({ props }: { props: Pick<Properties, 'name' | 'is_demo'> }) {
  const { t } = useI18n();
  if (!needsDemoTag(props)) return null;
  return (
    <span className="demo-tag" title={t('demo.tooltip')} data-testid="feature-demo-tag">
      {t('inspector.demo')}
    </span>
  );
}

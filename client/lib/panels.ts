/**
 * Which panels of the workspace are open: the side panel and its tab, the inspected feature, the
 * point-pick mode, the import dialog, the audit log and the open case. One reducer, so every way in
 * (a map click, a search hit, a link, a case marker) changes them the same way.
 */
import type { UrlState } from './urlState.ts';

/** The side panel's tabs, in order. A new tab: add its id here, its label `tabs.<id>` and its panel in Sidebar. */
export const TABS = ['layers', 'check', 'batch', 'analysis', 'cases', 'tools'] as const;
export type Tab = (typeof TABS)[number];

export interface FeatureRef {
  layer: string;
  id: number;
}

export interface PanelState {
  tab: Tab;
  /** The side panel shows (always on a wide screen; slides in on a narrow one). */
  panelOpen: boolean;
  selected: FeatureRef | null;
  pickMode: boolean;
  importOpen: boolean;
  auditOpen: boolean;
  caseId: number | null;
  /** Why the last 立案 did not open a case (shown in the 台账 tab). */
  caseNotice: string | null;
}

export type PanelAction =
  /** `reveal`: also slide the side panel in (a narrow screen hides it). */
  | { type: 'tab'; tab: Tab; reveal?: boolean }
  | { type: 'panel'; open: boolean | 'toggle' }
  /**
   * `narrow`: the screen is narrow (the side panel and the inspector would cover the same part of
   * the map), so the side panel yields to the inspector.
   */
  | { type: 'select'; feature: FeatureRef | null; narrow?: boolean }
  | { type: 'pick'; on: boolean }
  | { type: 'import'; open: boolean | 'toggle' }
  | { type: 'audit'; open: boolean }
  /** Show a case in the 台账 tab (null: back to the list). */
  | { type: 'case'; id: number | null; reveal?: boolean }
  | { type: 'caseNotice'; notice: string | null };

export function initialPanels(url: UrlState, narrow: boolean): PanelState {
  return {
    tab: url.check ? 'check' : 'layers',
    panelOpen: !narrow,
    selected: url.feature ?? null,
    pickMode: false,
    importOpen: false,
    auditOpen: false,
    caseId: null,
    caseNotice: null,
  };
}

const toggled = (now: boolean, to: boolean | 'toggle') => (to === 'toggle' ? !now : to);

export function panelsReducer(s: PanelState, a: PanelAction): PanelState {
  switch (a.type) {
    case 'tab':
      return { ...s, tab: a.tab, panelOpen: s.panelOpen || !!a.reveal };
    case 'panel':
      return { ...s, panelOpen: toggled(s.panelOpen, a.open) };
    case 'select':
      return { ...s, selected: a.feature, panelOpen: a.feature && a.narrow ? false : s.panelOpen };
    case 'pick':
      return { ...s, pickMode: a.on };
    case 'import': {
      // the toolbar button (a toggle) also closes the inspector: they share the map's right side
      return { ...s, importOpen: toggled(s.importOpen, a.open), selected: a.open === 'toggle' ? null : s.selected };
    }
    case 'audit':
      return { ...s, auditOpen: a.open };
    case 'case':
      return a.id === null ? { ...s, caseId: null } : { ...s, tab: 'cases', caseId: a.id, panelOpen: s.panelOpen || !!a.reveal };
    case 'caseNotice':
      return { ...s, caseNotice: a.notice };
  }
}

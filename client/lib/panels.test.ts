import { describe, expect, it } from 'vitest';
import { initialPanels, type PanelState, panelsReducer } from './panels.ts';

const start = (narrow = false): PanelState => initialPanels({}, narrow);

describe('workspace panel state', () => {
  it('opens on the layers tab, or on the site check when the link holds a checked point, with the link feature inspected', () => {
    expect(start().tab).toBe('layers');
    const linked = initialPanels({ check: { lng: 113.3, lat: 40.09 }, feature: { layer: 'boilers', id: 7 } }, true);
    expect(linked).toMatchObject({ tab: 'check', selected: { layer: 'boilers', id: 7 }, panelOpen: false });
    expect(start(false).panelOpen).toBe(true);
  });

  it('slides the side panel in only when asked (a narrow screen hides it)', () => {
    const closed = start(true);
    expect(panelsReducer(closed, { type: 'tab', tab: 'check' })).toMatchObject({ tab: 'check', panelOpen: false });
    expect(panelsReducer(closed, { type: 'tab', tab: 'check', reveal: true })).toMatchObject({ tab: 'check', panelOpen: true });
    expect(panelsReducer(closed, { type: 'panel', open: 'toggle' }).panelOpen).toBe(true);
  });

  it('closes the inspector when the import button is pressed, not when the dialog closes itself', () => {
    const inspecting = panelsReducer(start(), { type: 'select', feature: { layer: 'boilers', id: 1 } });
    const importing = panelsReducer(inspecting, { type: 'import', open: 'toggle' });
    expect(importing).toMatchObject({ importOpen: true, selected: null });
    const again = panelsReducer({ ...importing, selected: { layer: 'boilers', id: 2 } }, { type: 'import', open: false });
    expect(again).toMatchObject({ importOpen: false, selected: { layer: 'boilers', id: 2 } });
  });

  it('on a narrow screen, closes the side panel (the bottom sheet) when a feature is inspected, so they never share the screen', () => {
    const sheet = panelsReducer(start(true), { type: 'panel', open: true });
    const inspecting = panelsReducer(sheet, { type: 'select', feature: { layer: 'boilers', id: 3 }, narrow: true });
    expect(inspecting).toMatchObject({ panelOpen: false, selected: { layer: 'boilers', id: 3 } });
    // a wide screen keeps its side panel beside the inspector
    expect(panelsReducer(start(false), { type: 'select', feature: { layer: 'boilers', id: 3 }, narrow: false }).panelOpen).toBe(true);
    // closing the inspector leaves the panel as it was
    expect(panelsReducer(sheet, { type: 'select', feature: null, narrow: true }).panelOpen).toBe(true);
  });

  it('shows a case in the 台账 tab and keeps the notice of why 立案 found an open case', () => {
    const noted = panelsReducer(start(true), { type: 'caseNotice', notice: '已有未办结的案件' });
    const shown = panelsReducer(noted, { type: 'case', id: 12, reveal: true });
    expect(shown).toMatchObject({ tab: 'cases', caseId: 12, panelOpen: true, caseNotice: '已有未办结的案件' });
    expect(panelsReducer(shown, { type: 'case', id: null })).toMatchObject({ tab: 'cases', caseId: null });
  });
});

/**
 * The workspace: wires the catalogue, the map, the side panel and the panels over the map. Panel
 * state is one reducer (lib/panels.ts); the map's parts live in hooks (useWorkspaceMap,
 * useDataLayers, useLayerVisibility, useBasemapChoice, useMapSiteCheck, useEditor); each section
 * of the screen is its own component (Header, Sidebar, MapArea, FeaturePanel, CasesTab).
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { CheckQuery } from '../../api/check.ts';
import type { Feature, LayerInfo, SearchHit } from '../../api/types.ts';
import type { Violation, ViolationFilter } from '../../api/violations.ts';
import { CONFIG } from '../../config.ts';
import { isNarrow } from '../../hooks/narrow.ts';
import { useBasemapChoice } from '../../hooks/useBasemapChoice.ts';
import { openCaseFromViolation } from '../../hooks/useCases.ts';
import { useCamera } from '../../hooks/useCamera.ts';
import { useCatalogue } from '../../hooks/useCatalogue.ts';
import { padBbox } from '../../lib/geometry.ts';
import { useDataLayers } from '../../hooks/useDataLayers.ts';
import { snapTargetsIn, useEditor } from '../../hooks/useEditor.ts';
import { useLayerVisibility } from '../../hooks/useLayerVisibility.ts';
import { type CheckOpts, useMapSiteCheck } from '../../hooks/useMapSiteCheck.ts';
import { useOfflineBasemap } from '../../hooks/useOfflineBasemap.ts';
import { usePickMode } from '../../hooks/usePickMode.ts';
import { useSession } from '../../hooks/useSession.ts';
import { useSketch } from '../../hooks/useSketch.ts';
import { useWriteUrlState } from '../../hooks/useUrlState.ts';
import { useWorkspaceMap } from '../../hooks/useWorkspaceMap.ts';
import { type Lang, useI18n } from '../../i18n/index.tsx';
import { initialPanels, panelsReducer } from '../../lib/panels.ts';
import type { UrlState } from '../../lib/urlState.ts';
import type { MapOverlays } from '../../layers/index.ts';
import type { LngLat } from '../../map/index.ts';
import { AccountMenu } from '../Account/AccountMenu.tsx';
import { AnalysisPanel } from '../Analysis/AnalysisPanel.tsx';
import { EditorPanel } from '../Editor/EditorPanel.tsx';
import { Header } from '../Header/Header.tsx';
import { AuditLogPanel } from '../History/AuditLogPanel.tsx';
import { ImportDialog } from '../ImportDialog/ImportDialog.tsx';
import { LayerPanel } from '../LayerPanel/LayerPanel.tsx';
import { SiteCheckPanel } from '../SiteCheck/SiteCheckPanel.tsx';
import { ToolsPanel } from '../Tools/ToolsPanel.tsx';
import { streetsAreDemo } from '../../lib/demo.ts';
import { withStreetsDemo } from '../DemoBadge/StreetsDemo.tsx';
import { CasesTab } from './CasesTab.tsx';
import { CatalogueStatus } from './CatalogueStatus.tsx';
import { FeaturePanel } from './FeaturePanel.tsx';
import { MapArea } from './MapArea.tsx';
import { MapToolbar } from './MapToolbar.tsx';
import { Sidebar } from './Sidebar.tsx';
import { BatchPanel } from '../Batch/BatchPanel.tsx';
import './Workspace.css';

export function Workspace({ url, onLang }: { url: UrlState; onLang: (l: Lang) => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const cat = useCatalogue();
  const layers: LayerInfo[] = useMemo(() => (cat.status === 'ok' ? cat.data.catalogue.layers : []), [cat]);
  const config = cat.status === 'ok' ? cat.data.config : null;
  const demo = cat.status === 'ok' && (cat.data.catalogue.demo || cat.data.config.demo);
  const byId = useMemo(() => new Map(layers.map((l) => [l.id, l])), [layers]);
  const streetsDemo = useMemo(() => streetsAreDemo(layers), [layers]);
  const session = useSession();

  const [panels, dispatch] = useReducer(panelsReducer, url, (u) => initialPanels(u, isNarrow()));
  const { selected, tab } = panels;
  /** Bumped after every save / restore: the inspector's history reads again. */
  const [historyKey, setHistoryKey] = useState(0);
  const [casesKey, setCasesKey] = useState(0);
  const [violationFilter, setViolationFilter] = useState<ViolationFilter>(url.violations ?? {});
  const [overlays, setOverlays] = useState<MapOverlays>({ violations: false, gaps: false });

  // ---- the map; clicks belong to the drawing while editing
  const containerRef = useRef<HTMLDivElement>(null);
  const editingRef = useRef(false);
  const runCheckRef = useRef<(q: CheckQuery, opts?: CheckOpts) => void>(() => {});
  const { map, initError, view, hover, cursor, mapError, setMapError } = useWorkspaceMap(
    containerRef,
    url,
    { lang, attribution: t('map.attribution'), label: t('map.label') },
    {
      onFeatureClick: (layer, id) => {
        if (editingRef.current) return;
        dispatch({ type: 'select', feature: { layer, id }, narrow: isNarrow() });
        dispatch({ type: 'pick', on: false });
      },
      onMapClick: (at) => {
        if (editingRef.current) return;
        dispatch({ type: 'pick', on: false });
        runCheckRef.current({ crs: 'wgs84', a: at.lng, b: at.lat }, { fly: false });
      },
      onCaseClick: (id) => dispatch({ type: 'case', id, reveal: isNarrow() }),
    },
  );
  const camera = useCamera(map, selected !== null);
  const visibility = useLayerVisibility(map, layers, url);
  const { shown } = visibility;
  const data = useDataLayers(map, layers, shown, selected, url.tiles);
  const basemapReady = useOfflineBasemap(map, CONFIG.maxBounds);
  const basemap = useBasemapChoice(map, config, url.basemap, setMapError);
  usePickMode(map, panels.pickMode, () => dispatch({ type: 'pick', on: false }));

  // ---- editing: the drawing snaps to the loaded polygons near the view
  const editor = useEditor(map, {
    snapTargets: (skip) => {
      const bounds = map?.view().bounds;
      if (!bounds) return [];
      const polys = layers.filter((l) => l.geometryType === 'Polygon').map((l) => ({ layer: l.id, features: data.getCollection(l.id)?.features ?? [] }));
      return snapTargetsIn(polys, padBbox(bounds, 0.25), skip);
    },
    onSaved: (layerId, saved) => {
      data.reload(layerId);
      setHistoryKey((k) => k + 1);
      dispatch({ type: 'select', feature: saved ? { layer: layerId, id: saved.feature.id } : null });
    },
  });
  const sketch = useSketch(map);
  editingRef.current = editor.state !== null || sketch.kind !== null;
  const editableLayers = useMemo(() => layers.filter((l) => session.canEdit(l.id)), [layers, session]);
  const { toggle: toggleLayer } = visibility;
  const startNew = useCallback(
    (layer: LayerInfo) => {
      toggleLayer(layer.id, true);
      dispatch({ type: 'pick', on: false });
      editor.startNew(layer);
    },
    [editor, toggleLayer],
  );

  // ---- site check (a checked point in the link is re-checked once the map is up)
  const showCheckTab = useCallback(() => dispatch({ type: 'tab', tab: 'check', reveal: isNarrow() }), []);
  const check = useMapSiteCheck(map, { onStart: showCheckTab, offset: camera.offset });
  const runCheck = check.run;
  runCheckRef.current = runCheck;
  const restored = useRef(false);
  useEffect(() => {
    if (!map || restored.current) return;
    restored.current = true;
    if (url.check) runCheck({ crs: 'wgs84', a: url.check.lng, b: url.check.lat }, { fly: false });
  }, [map, url.check, runCheck]);
  const onSearchHit = useCallback(
    (hit: SearchHit) => {
      toggleLayer(hit.layer, true);
      dispatch({ type: 'select', feature: { layer: hit.layer, id: Number(hit.id) } });
      runCheck({ crs: 'wgs84', a: hit.lng, b: hit.lat }, { fly: true, zoom: 16, label: hit.name });
    },
    [runCheck, toggleLayer],
  );
  const checkedPoint = check.state.status === 'ok' ? check.state.result.point : undefined;

  // ---- URL
  useWriteUrlState({
    ...(view ? { zoom: view.zoom, center: view.center } : url.center && url.zoom !== undefined ? { zoom: url.zoom, center: url.center } : {}),
    ...(visibility.linked ? { layers: visibility.linked } : {}),
    basemap: basemap.basemapId,
    ...(checkedPoint ? { check: checkedPoint } : check.state.status === 'idle' ? {} : url.check ? { check: url.check } : {}),
    ...(selected ? { feature: selected } : {}),
    lang,
    ...(url.tiles ? { tiles: url.tiles } : {}),
    ...(Object.keys(visibility.opacity).length ? { opacity: visibility.opacity } : {}),
    violations: { ...(violationFilter.rule ? { rule: violationFilter.rule } : {}), ...(violationFilter.street ? { street: violationFilter.street } : {}) },
  });

  const openZone = useCallback(
    (layer: string, id: number) => {
      dispatch({ type: 'select', feature: { layer, id }, narrow: isNarrow() });
      const f = data.getFeature(layer, id);
      if (f) camera.toFeature(f);
    },
    [data, camera],
  );
  // The analysis list: show the site's layer, select it (the inspector opens) and bring it into view.
  const openViolation = useCallback(
    (layer: string, id: number, at: LngLat) => {
      toggleLayer(layer, true);
      dispatch({ type: 'select', feature: { layer, id }, narrow: isNarrow() });
      camera.toSite(at);
    },
    [camera, toggleLayer],
  );
  // A row of the tools (selection, attribute table): show its layer, inspect it, bring it into view.
  const openFeature = useCallback(
    (layer: string, f: Feature) => {
      toggleLayer(layer, true);
      dispatch({ type: 'select', feature: { layer, id: f.id }, narrow: isNarrow() });
      camera.toFeature(f);
    },
    [camera, toggleLayer],
  );
  // 立案 from a violation: the new case (or the open one that already tracks it) opens in the 台账 tab
  const openCaseFor = useCallback(
    async (v: Violation) => {
      const got = await openCaseFromViolation({ rule: v.rule, layer: v.layer, featureId: v.featureId });
      dispatch({ type: 'caseNotice', notice: 'error' in got ? i18n.pick(got.error) : null });
      if (got.id !== undefined) {
        setCasesKey((k) => k + 1);
        dispatch({ type: 'case', id: got.id, reveal: isNarrow() });
      }
    },
    [i18n],
  );

  const selectedLayer = selected ? byId.get(selected.layer) : undefined;
  const selectedFeature = selected ? data.getFeature(selected.layer, selected.id) : undefined;
  // A link to a feature without a map position (`#f=layer:id`) brings the feature into view once it has loaded.
  const zoomedToLinked = useRef(!url.feature || !!url.center);
  useEffect(() => {
    if (zoomedToLinked.current || !map || !selectedFeature) return;
    zoomedToLinked.current = true;
    camera.toFeature(selectedFeature);
  }, [map, selectedFeature, camera]);
  // A link to a feature that no longer exists closes the inspector once its layer has loaded.
  useEffect(() => {
    if (!selected) return;
    const gone = data.status[selected.layer] === 'ready' && !data.getFeature(selected.layer, selected.id) && !data.pending(selected.layer, selected.id);
    if (gone || (layers.length && !byId.has(selected.layer))) dispatch({ type: 'select', feature: null });
  }, [selected, data, layers, byId]);

  const mapReady =
    !!map && basemapReady && layers.length > 0 && [...shown].every((id) => !byId.has(id) || data.status[id] === 'ready' || data.status[id] === 'error');
  const reloadAfterChange = (layerId: string) => {
    data.reload(layerId);
    setHistoryKey((k) => k + 1);
  };

  return withStreetsDemo(
    streetsDemo,
    <div className={`app${panels.panelOpen ? ' panel-open' : ''}`} data-lang={lang}>
      <a className="skip-link" href="#map-canvas">
        {t('app.skip')}
      </a>
      <Header
        demo={demo}
        onLang={onLang}
        panelOpen={panels.panelOpen}
        onTogglePanel={() => dispatch({ type: 'panel', open: 'toggle' })}
        account={<AccountMenu session={session} onOpenAudit={() => dispatch({ type: 'audit', open: true })} />}
      />
      <main className="workspace">
        <Sidebar
          tab={tab}
          onTab={(id) => dispatch({ type: 'tab', tab: id })}
          onClose={() => dispatch({ type: 'panel', open: false })}
          status={<CatalogueStatus status={cat.status} onRetry={cat.reload} />}
          panels={{
            layers: layers.length > 0 && (
              <LayerPanel
                layers={layers}
                visible={shown}
                opacity={visibility.opacity}
                status={data.status}
                onToggle={toggleLayer}
                onToggleGroup={visibility.toggleGroup}
                onOpacity={visibility.setOpacity}
                onZoomTo={camera.toLayer}
              />
            ),
            check: (
              <SiteCheckPanel
                state={check.state}
                layers={layers}
                pickMode={panels.pickMode}
                onPickMode={(on) => dispatch({ type: 'pick', on })}
                onRun={(q) => runCheck(q, { fly: true })}
                onLocated={(at, label) => runCheck({ crs: 'wgs84', a: at.lng, b: at.lat }, { fly: true, zoom: 16, label })}
                onClear={check.clear}
                onSearchHit={onSearchHit}
                onZone={openZone}
              />
            ),
            batch: <BatchPanel map={map} layers={layers} />,
            analysis: (
              <AnalysisPanel
                map={map}
                layers={layers}
                active={tab === 'analysis'}
                onOpenFeature={openViolation}
                onLocate={(at) => map?.flyTo(at, 15)}
                filter={violationFilter}
                onFilter={setViolationFilter}
                onOverlays={setOverlays}
                {...(session.user && session.user.role !== 'viewer' ? { onOpenCase: (v: Violation) => void openCaseFor(v) } : {})}
              />
            ),
            cases: (
              <CasesTab
                map={map}
                active={tab === 'cases'}
                user={session.user}
                isAdmin={session.isAdmin}
                caseId={panels.caseId}
                onCase={(id) => {
                  dispatch({ type: 'caseNotice', notice: null });
                  dispatch({ type: 'case', id });
                }}
                notice={panels.caseNotice}
                onLocate={camera.toSite}
                refreshKey={casesKey}
              />
            ),
            tools: <ToolsPanel layers={layers} sketch={sketch} active={tab === 'tools'} onOpen={openFeature} />,
          }}
        />

        <MapArea
          containerRef={containerRef}
          ready={mapReady}
          initError={initError}
          status={mapError}
          layers={layers}
          shown={shown}
          overlays={overlays}
          demo={demo}
          pickMode={panels.pickMode}
          hover={editor.state ? null : hover}
          cursor={cursor}
          onZoom={(d) => map?.zoomBy(d)}
          onHome={() => map?.fitBounds(CONFIG.districtBounds, 13)}
          toolbar={
            <MapToolbar
              basemaps={basemap.basemaps}
              unavailable={config?.unavailable ?? []}
              basemapId={basemap.basemapId}
              onBasemap={basemap.setBasemapId}
              layers={layers}
              shown={shown}
              viewBbox={view?.bounds ?? null}
              editableLayers={editableLayers}
              onNewFeature={startNew}
              canStartEditing={!!map && editor.state === null}
              importOpen={panels.importOpen}
              onImport={() => dispatch({ type: 'import', open: 'toggle' })}
            />
          }
          dialog={
            panels.importOpen &&
            layers.length > 0 && (
              <ImportDialog
                map={map}
                layers={layers}
                session={session}
                initialLayer={layers.find((l) => shown.has(l.id) && l.group === 'sites')?.id ?? layers[0]!.id}
                onClose={() => dispatch({ type: 'import', open: false })}
                onImported={(layerId) => {
                  // new catalogue → new revision → useLayerData fetches the layer again
                  cat.refresh();
                  toggleLayer(layerId, true);
                }}
              />
            )
          }
        >
          {editor.state && <EditorPanel editor={editor} state={editor.state} />}
          {!editor.state && selected && selectedLayer && !panels.importOpen && (
            <FeaturePanel
              layer={selectedLayer}
              feature={selectedFeature}
              layers={layers}
              session={session}
              historyKey={historyKey}
              onClose={() => dispatch({ type: 'select', feature: null })}
              onCheckHere={(p, label) => runCheck({ crs: 'wgs84', a: p.lng, b: p.lat }, { fly: false, label })}
              onZone={openZone}
              onZoomTo={camera.toFeature}
              onEdit={(f) => void editor.startEdit(selectedLayer, f.id)}
              onRestored={() => reloadAfterChange(selectedLayer.id)}
            />
          )}
          {panels.auditOpen && session.isAdmin && (
            <AuditLogPanel layers={layers} onClose={() => dispatch({ type: 'audit', open: false })} onUndone={reloadAfterChange} />
          )}
        </MapArea>
      </main>
    </div>,
  );
}

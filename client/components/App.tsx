/**
 * The application shell: header, side panel (layers / site check), the map with its overlays and
 * the inspector. State lives here and flows down; the map is driven through hooks/useMap.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CheckQuery } from '../api/check.ts';
import type { Basemap, Feature, LayerInfo, SearchHit } from '../api/types.ts';
import { CONFIG } from '../config.ts';
import { useCatalogue } from '../hooks/useCatalogue.ts';
import { snapTargetsIn, useEditor } from '../hooks/useEditor.ts';
import { useSession } from '../hooks/useSession.ts';
import { useLayerData } from '../hooks/useLayerData.ts';
import { useMap } from '../hooks/useMap.ts';
import { useOfflineBasemap } from '../hooks/useOfflineBasemap.ts';
import { useSiteCheck } from '../hooks/useSiteCheck.ts';
import { readUrlState, useWriteUrlState } from '../hooks/useUrlState.ts';
import { bilingual, I18nProvider, isLang, useI18n, type Lang } from '../i18n/index.tsx';
import { styleFor } from '../layers/index.ts';
import { bboxOf, padBbox, type Bbox } from '../lib/geometry.ts';
import type { UrlState } from '../lib/urlState.ts';
import type { HoverInfo, LngLat } from '../map/index.ts';
import { AnalysisPanel } from './Analysis/AnalysisPanel.tsx';
import { AccountMenu } from './Account/AccountMenu.tsx';
import { BasemapSwitch } from './Basemap/BasemapSwitch.tsx';
import { EditLauncher } from './Editor/EditLauncher.tsx';
import { EditorPanel } from './Editor/EditorPanel.tsx';
import { AuditLogPanel } from './History/AuditLogPanel.tsx';
import { FeatureHistorySection } from './History/FeatureHistorySection.tsx';
import { DemoBadge } from './DemoBadge/DemoBadge.tsx';
import { ExportMenu } from './ExportMenu/ExportMenu.tsx';
import { Header } from './Header/Header.tsx';
import { ImportButton } from './ImportDialog/ImportButton.tsx';
import { ImportDialog } from './ImportDialog/ImportDialog.tsx';
import { Inspector } from './Inspector/Inspector.tsx';
import { LayerPanel } from './LayerPanel/LayerPanel.tsx';
import { MapLegend } from './LayerPanel/MapLegend.tsx';
import { CursorReadout, HoverTooltip, ZoomButtons } from './MapView/MapOverlays.tsx';
import { SiteCheckPanel } from './SiteCheck/SiteCheckPanel.tsx';
import { CloseButton } from './CloseButton/CloseButton.tsx';
import { CasesPanel } from './Cases/CasesPanel.tsx';
import { BatchPanel } from './Batch/BatchPanel.tsx';
import '../styles/print.css';
import { openCaseFromViolation } from '../hooks/useCases.ts';
import { useRules } from '../hooks/useViolations.ts';
import type { Violation } from '../api/violations.ts';

const LANG_KEY = 'pingcheng.lang';

function initialLang(url: UrlState): Lang {
  if (url.lang) return url.lang;
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* storage blocked */
  }
  return 'zh';
}

export function App() {
  const [url] = useState(readUrlState);
  const [lang, setLang] = useState<Lang>(() => initialLang(url));
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* storage blocked */
    }
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <Workspace url={url} onLang={setLang} />
    </I18nProvider>
  );
}

type Tab = 'layers' | 'check' | 'batch' | 'analysis' | 'cases';
/** fly: move the camera to the checked point (default: only when it is outside the view). */
type CheckOpts = { fly?: boolean; zoom?: number; label?: string };

const isNarrow = () => window.matchMedia('(max-width: 899px)').matches;

function Workspace({ url, onLang }: { url: UrlState; onLang: (l: Lang) => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const cat = useCatalogue();
  const layers: LayerInfo[] = useMemo(() => (cat.status === 'ok' ? cat.data.catalogue.layers : []), [cat]);
  const config = cat.status === 'ok' ? cat.data.config : null;
  const demo = cat.status === 'ok' && (cat.data.catalogue.demo || cat.data.config.demo);
  const byId = useMemo(() => new Map(layers.map((l) => [l.id, l])), [layers]);

  const [visible, setVisible] = useState<Set<string> | null>(url.layers ? new Set(url.layers) : null);
  const [opacity, setOpacity] = useState<Record<string, number>>({});
  const [basemapId, setBasemapId] = useState(url.basemap ?? 'offline');
  const [tab, setTab] = useState<Tab>(url.check ? 'check' : 'layers');
  const [panelOpen, setPanelOpen] = useState(() => !isNarrow());
  const [selected, setSelected] = useState<{ layer: string; id: number } | null>(url.feature ?? null);
  const [pickMode, setPickMode] = useState(false);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [cursor, setCursor] = useState<LngLat | null>(null);
  const [view, setView] = useState<{ center: [number, number]; zoom: number; bounds: Bbox } | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  const check = useSiteCheck();
  const session = useSession();
  const [auditOpen, setAuditOpen] = useState(false);
  /** Bumped after every save / restore: the inspector's history reads again. */
  const [historyKey, setHistoryKey] = useState(0);
  const editingRef = useRef(false);
  const [importOpen, setImportOpen] = useState(false);
  // ---- the ledger (台账): the open case, and whether the tab was ever opened (it loads then)
  const [caseId, setCaseId] = useState<number | null>(null);
  const [casesKey, setCasesKey] = useState(0);
  const [caseNotice, setCaseNotice] = useState<string | null>(null);
  const casesOpened = useRef(false);
  if (tab === 'cases') casesOpened.current = true;
  const caseRules = useRules(casesOpened.current);
  const openCaseRef = useRef<(id: number) => void>(() => {});
  // On a wide screen the inspector covers the map's right 400 px: points are centred left of it.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const inspectorOffset = useCallback(() => (selectedRef.current && !isNarrow() ? -200 : 0), []);

  // Default visibility once the catalogue is known (unless the link said which layers).
  useEffect(() => {
    if (visible || !layers.length) return;
    setVisible(new Set(layers.filter((l) => styleFor(l).defaultVisible).map((l) => l.id)));
  }, [layers, visible]);
  const shown = useMemo(() => visible ?? new Set<string>(), [visible]);

  // ---- the map
  const containerRef = useRef<HTMLDivElement>(null);
  const runCheckRef = useRef<(q: CheckQuery, opts?: CheckOpts) => void>(() => {});
  const { map, error: mapInitError } = useMap(
    containerRef,
    {
      ...(url.center && url.zoom !== undefined ? { center: url.center, zoom: url.zoom } : {}),
      fitBounds: CONFIG.districtBounds,
      maxBounds: CONFIG.maxBounds,
      lang,
      attribution: t('map.attribution'),
      workerClusterThreshold: CONFIG.workerClusterThreshold,
    },
    {
      onFeatureClick: (layer, id) => {
        if (editingRef.current) return; // clicks belong to the drawing while editing
        setSelected({ layer, id });
        setPickMode(false);
      },
      onMapClick: (at) => {
        if (editingRef.current) return;
        setPickMode(false);
        runCheckRef.current({ crs: 'wgs84', a: at.lng, b: at.lat }, { fly: false });
      },
      onViewChange: setView,
      onCaseClick: (id) => openCaseRef.current(id),
      onHover: setHover,
      onCursor: setCursor,
      onError: (message) => {
        // Tile errors of an online basemap are not fatal; remember the last one for the status line.
        setMapError(message);
      },
    },
  );

  // Data layers: added once; polygons always loaded (site-check highlights need them), points when shown.
  useEffect(() => {
    if (!map || !layers.length) return;
    map.setLayers(layers.map((l) => ({ id: l.id, color: l.color, style: styleFor(l), clickable: l.geometryType === 'Point' || l.group === 'sites' })));
  }, [map, layers]);
  const wanted = useMemo(() => {
    const s = new Set(shown);
    for (const l of layers) if (l.geometryType === 'Polygon') s.add(l.id);
    if (selected) s.add(selected.layer);
    return s;
  }, [shown, layers, selected]);
  const data = useLayerData(map, layers, wanted, url.tiles);

  // ---- editing (issue 6): the drawing snaps to the loaded polygons near the view
  const editor = useEditor(map, {
    snapTargets: (skip) => {
      const view = map?.view().bounds;
      if (!view) return [];
      const polys = layers.filter((l) => l.geometryType === 'Polygon').map((l) => ({ layer: l.id, features: data.getCollection(l.id)?.features ?? [] }));
      return snapTargetsIn(polys, padBbox(view, 0.25), skip);
    },
    onSaved: (layerId, saved) => {
      data.reload(layerId);
      setHistoryKey((k) => k + 1);
      setSelected(saved ? { layer: layerId, id: saved.feature.id } : null);
    },
  });
  editingRef.current = editor.state !== null;
  const editableLayers = useMemo(() => layers.filter((l) => session.canEdit(l.id)), [layers, session]);
  const startNew = useCallback(
    (layer: LayerInfo) => {
      setVisible((v) => new Set([...(v ?? []), layer.id]));
      setPickMode(false);
      editor.startNew(layer);
    },
    [editor],
  );

  useEffect(() => {
    if (!map) return;
    for (const l of layers) map.setVisible(l.id, shown.has(l.id));
  }, [map, layers, shown]);
  useEffect(() => {
    if (!map) return;
    for (const l of layers) map.setOpacity(l.id, opacity[l.id] ?? styleFor(l).opacity ?? 1);
  }, [map, layers, opacity]);
  useEffect(() => {
    map?.setSelected(selected);
  }, [map, selected, data.version]);
  useEffect(() => {
    map?.setPickMode(pickMode);
    if (!pickMode) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setPickMode(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [map, pickMode]);
  useEffect(() => {
    map?.setLang(lang, t('map.attribution'));
    map?.setCanvasLabel(t('map.label'));
  }, [map, lang, t]);

  const basemapReady = useOfflineBasemap(map, CONFIG.maxBounds);

  const basemaps = useMemo((): Basemap[] => config?.basemaps ?? [{ id: 'offline', title: bilingual('basemap.offline'), kind: 'offline' }], [config]);
  useEffect(() => {
    if (!map) return;
    const b = basemaps.find((x) => x.id === basemapId) ?? basemaps[0];
    if (b) map.setBasemap(b).catch((err: unknown) => setMapError(err instanceof Error ? err.message : String(err)));
  }, [map, basemaps, basemapId]);

  // ---- site check
  const runCheck = useCallback(
    (q: CheckQuery, opts: CheckOpts = {}) => {
      setTab('check');
      if (isNarrow()) setPanelOpen(true);
      // The old marker goes at once: a failed check must not leave the previous answer on the map.
      map?.setCheckPoint(null);
      map?.setCheckedZones([]);
      void check.run(q, opts.label).then((result) => {
        if (!result || !map) return;
        map.setCheckPoint(result.point);
        map.setCheckedZones(result.zones);
        if (opts.fly !== false) {
          const v = map.view();
          const [w, s, e, n] = v.bounds;
          const inside = result.point.lng > w && result.point.lng < e && result.point.lat > s && result.point.lat < n;
          if (!inside || opts.fly) map.flyTo(result.point, opts.zoom ?? Math.max(v.zoom, 13.5), inspectorOffset());
        }
      });
    },
    [check, map, inspectorOffset],
  );
  runCheckRef.current = runCheck;

  const clearCheck = useCallback(() => {
    check.clear();
    map?.setCheckPoint(null);
    map?.setCheckedZones([]);
  }, [check, map]);

  // A checked point in the link is re-checked once the map is up.
  const restored = useRef(false);
  useEffect(() => {
    if (!map || restored.current) return;
    restored.current = true;
    if (url.check) runCheck({ crs: 'wgs84', a: url.check.lng, b: url.check.lat }, { fly: false });
  }, [map, url.check, runCheck]);

  const onSearchHit = useCallback(
    (hit: SearchHit) => {
      setVisible((v) => new Set([...(v ?? []), hit.layer]));
      setSelected({ layer: hit.layer, id: Number(hit.id) });
      runCheck({ crs: 'wgs84', a: hit.lng, b: hit.lat }, { fly: true, zoom: 16, label: hit.name });
    },
    [runCheck],
  );

  const checkedPoint = check.state.status === 'ok' ? check.state.result.point : undefined;

  // ---- URL
  useWriteUrlState({
    ...(view ? { zoom: view.zoom, center: view.center } : url.center && url.zoom !== undefined ? { zoom: url.zoom, center: url.center } : {}),
    ...(visible ? { layers: layers.length ? layers.filter((l) => visible.has(l.id)).map((l) => l.id) : [...visible] } : {}),
    basemap: basemapId,
    ...(checkedPoint ? { check: checkedPoint } : check.state.status === 'idle' ? {} : url.check ? { check: url.check } : {}),
    ...(selected ? { feature: selected } : {}),
    lang,
    ...(url.tiles ? { tiles: url.tiles } : {}),
  });

  // ---- handlers
  const toggleLayer = useCallback((id: string, on: boolean) => {
    setVisible((v) => {
      const next = new Set(v ?? []);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const toggleGroup = useCallback((ids: string[], on: boolean) => {
    setVisible((v) => {
      const next = new Set(v ?? []);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  }, []);
  const zoomToLayer = useCallback(
    (layer: LayerInfo) => {
      if (layer.extent) map?.fitBounds(padBbox(layer.extent, 0.05));
    },
    [map],
  );
  const zoomToFeature = useCallback(
    (f: Feature) => {
      if (f.geometry.type === 'Point') map?.flyTo({ lng: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! }, 16, inspectorOffset());
      else {
        const b = bboxOf(f.geometry);
        if (b) map?.fitBounds(padBbox(b, 0.1), 16, -2 * inspectorOffset());
      }
    },
    [map, inspectorOffset],
  );
  const openZone = useCallback(
    (layer: string, id: number) => {
      setSelected({ layer, id });
      const f = data.getFeature(layer, id);
      if (f) zoomToFeature(f);
    },
    [data, zoomToFeature],
  );

  // The analysis list: show the site's layer, select it (the inspector opens) and bring it into view.
  const openViolation = useCallback(
    (layer: string, id: number, at: LngLat) => {
      setVisible((v) => new Set([...(v ?? []), layer]));
      setSelected({ layer, id });
      map?.flyTo(at, 16, isNarrow() ? 0 : -200);
    },
    [map],
  );

  const showCase = useCallback((id: number) => {
    setTab('cases');
    setCaseId(id);
    if (isNarrow()) setPanelOpen(true);
  }, []);
  openCaseRef.current = showCase;
  // 立案 from a violation: the new case (or the open one that already tracks it) opens in the 台账 tab
  const openCaseFor = useCallback(
    async (v: Violation) => {
      const got = await openCaseFromViolation({ rule: v.rule, layer: v.layer, featureId: v.featureId });
      setCaseNotice('error' in got ? i18n.pick(got.error) : null);
      if (got.id !== undefined) {
        setCasesKey((k) => k + 1);
        showCase(got.id);
      }
    },
    [showCase, i18n],
  );

  const selectedLayer = selected ? byId.get(selected.layer) : undefined;
  const selectedFeature = selected ? data.getFeature(selected.layer, selected.id) : undefined;
  // A link to a feature that no longer exists closes the inspector once its layer has loaded.
  useEffect(() => {
    if (selected && data.status[selected.layer] === 'ready' && !data.getFeature(selected.layer, selected.id) && !data.pending(selected.layer, selected.id))
      setSelected(null);
    if (selected && layers.length && !byId.has(selected.layer)) setSelected(null);
  }, [selected, data, layers, byId]);

  const mapReady =
    !!map && basemapReady && layers.length > 0 && [...shown].every((id) => !byId.has(id) || data.status[id] === 'ready' || data.status[id] === 'error');

  return (
    <div className={`app${panelOpen ? ' panel-open' : ''}`} data-lang={lang}>
      <a className="skip-link" href="#map-canvas">
        {t('app.skip')}
      </a>
      <Header
        demo={demo}
        onLang={onLang}
        panelOpen={panelOpen}
        onTogglePanel={() => setPanelOpen((v) => !v)}
        account={<AccountMenu session={session} onOpenAudit={() => setAuditOpen(true)} />}
      />
      <main className="workspace">
        <aside id="sidebar" className="sidebar" aria-label={t('app.menu')}>
          <div className="tabs" role="tablist">
            <button
              type="button"
              role="tab"
              id="tab-layers"
              aria-selected={tab === 'layers'}
              aria-controls="tabpanel-layers"
              className="tab"
              onClick={() => setTab('layers')}
              data-testid="tab-layers"
            >
              {t('tabs.layers')}
            </button>
            <button
              type="button"
              role="tab"
              id="tab-check"
              aria-selected={tab === 'check'}
              aria-controls="tabpanel-check"
              className="tab"
              onClick={() => setTab('check')}
              data-testid="tab-check"
            >
              {t('tabs.check')}
            </button>
            <button
              type="button"
              role="tab"
              id="tab-batch"
              aria-selected={tab === 'batch'}
              aria-controls="tabpanel-batch"
              className="tab"
              onClick={() => setTab('batch')}
              data-testid="tab-batch"
            >
              {t('tabs.batch')}
            </button>
            <button
              type="button"
              role="tab"
              id="tab-analysis"
              aria-selected={tab === 'analysis'}
              aria-controls="tabpanel-analysis"
              className="tab"
              onClick={() => setTab('analysis')}
              data-testid="tab-analysis"
            >
              {t('tabs.analysis')}
            </button>
            <button
              type="button"
              role="tab"
              id="tab-cases"
              aria-selected={tab === 'cases'}
              aria-controls="tabpanel-cases"
              className="tab"
              onClick={() => setTab('cases')}
              data-testid="tab-cases"
            >
              {t('tabs.cases')}
            </button>
            <CloseButton className="sidebar__close" label={t('app.closePanel')} onClick={() => setPanelOpen(false)} />
          </div>
          <div className="sidebar__body">
            {cat.status === 'loading' && <p className="muted pad">{t('app.loading')}</p>}
            {cat.status === 'error' && (
              <div className="error-box pad" role="alert">
                <p>{t('app.loadFailed')}</p>
                <button type="button" className="button" onClick={cat.reload}>
                  {t('app.retry')}
                </button>
              </div>
            )}
            <div role="tabpanel" id="tabpanel-layers" aria-labelledby="tab-layers" hidden={tab !== 'layers'}>
              {layers.length > 0 && (
                <LayerPanel
                  layers={layers}
                  visible={shown}
                  opacity={opacity}
                  status={data.status}
                  onToggle={toggleLayer}
                  onToggleGroup={toggleGroup}
                  onOpacity={(id, v) => setOpacity((o) => ({ ...o, [id]: v }))}
                  onZoomTo={zoomToLayer}
                />
              )}
            </div>
            <div role="tabpanel" id="tabpanel-check" aria-labelledby="tab-check" hidden={tab !== 'check'}>
              <SiteCheckPanel
                state={check.state}
                layers={layers}
                pickMode={pickMode}
                onPickMode={setPickMode}
                onRun={(q) => runCheck(q, { fly: true })}
                onClear={clearCheck}
                onSearchHit={onSearchHit}
                onZone={openZone}
              />
            </div>
            <div role="tabpanel" id="tabpanel-batch" aria-labelledby="tab-batch" hidden={tab !== 'batch'}>
              <BatchPanel map={map} layers={layers} />
            </div>
            <div role="tabpanel" id="tabpanel-analysis" aria-labelledby="tab-analysis" hidden={tab !== 'analysis'}>
              <AnalysisPanel
                map={map}
                layers={layers}
                active={tab === 'analysis'}
                onOpenFeature={openViolation}
                onLocate={(at) => map?.flyTo(at, 15)}
                {...(session.user && session.user.role !== 'viewer' ? { onOpenCase: (v: Violation) => void openCaseFor(v) } : {})}
              />
            </div>
            <div role="tabpanel" id="tabpanel-cases" aria-labelledby="tab-cases" hidden={tab !== 'cases'}>
              {caseNotice && (
                <p className="error-box pad" role="status" data-testid="case-notice">
                  {caseNotice}
                </p>
              )}
              {casesOpened.current && (
                <CasesPanel
                  key={session.user?.id ?? 'anonymous'}
                  map={map}
                  rules={caseRules.data?.rules ?? []}
                  active={tab === 'cases'}
                  signedIn={!!session.user}
                  isAdmin={session.isAdmin}
                  caseId={caseId}
                  onCase={(id) => {
                    setCaseNotice(null);
                    setCaseId(id);
                  }}
                  onLocate={(at) => map?.flyTo(at, 16, isNarrow() ? 0 : -200)}
                  refreshKey={casesKey}
                />
              )}
            </div>
          </div>
        </aside>

        <section className="map-area" aria-label={t('map.label')}>
          <div id="map-canvas" ref={containerRef} className="map" data-testid="map" data-ready={mapReady ? 'true' : 'false'} tabIndex={-1} />
          {(mapInitError ?? null) && (
            <div className="map-error" role="alert">
              {t('map.error', { message: mapInitError ?? '' })}
            </div>
          )}
          <div className="map-toolbar">
            <BasemapSwitch basemaps={basemaps} unavailable={config?.unavailable ?? []} value={basemapId} onChange={setBasemapId} />
            <ExportMenu layers={layers} visible={shown} viewBbox={view?.bounds ?? null} />
            <EditLauncher layers={editableLayers} onStart={startNew} disabled={!map || editor.state !== null} />
            <ImportButton
              open={importOpen}
              onClick={() => {
                setSelected(null);
                setImportOpen((v) => !v);
              }}
            />
          </div>
          {importOpen && layers.length > 0 && (
            <ImportDialog
              map={map}
              layers={layers}
              initialLayer={layers.find((l) => shown.has(l.id) && l.group === 'sites')?.id ?? layers[0]!.id}
              onClose={() => setImportOpen(false)}
              onImported={(layerId) => {
                // new catalogue → new revision → useLayerData fetches the layer again
                cat.refresh();
                toggleLayer(layerId, true);
              }}
            />
          )}
          <ZoomButtons onZoom={(d) => map?.zoomBy(d)} onHome={() => map?.fitBounds(CONFIG.districtBounds, 13)} />
          {demo && (
            <div className="map-demo">
              <DemoBadge variant="map" />
            </div>
          )}
          <MapLegend layers={layers} visible={shown} />
          {pickMode && (
            <div className="pick-hint" role="status">
              {t('check.picking')}
            </div>
          )}
          <HoverTooltip hover={editor.state ? null : hover} layers={layers} />
          <CursorReadout at={cursor} />
          {mapError && CONFIG.isDev && <div className="map-status">{mapError}</div>}
          {editor.state && <EditorPanel editor={editor} state={editor.state} />}
          {!editor.state && selected && selectedLayer && !importOpen && (
            <Inspector
              layer={selectedLayer}
              feature={selectedFeature}
              layers={layers}
              onClose={() => setSelected(null)}
              onCheckHere={(p) => runCheck({ crs: 'wgs84', a: p.lng, b: p.lat }, { fly: false, label: String(selectedFeature?.properties.name ?? '') })}
              onZone={openZone}
              onZoomTo={zoomToFeature}
              canEdit={session.canEdit(selectedLayer.id)}
              onEdit={(f) => void editor.startEdit(selectedLayer, f.id)}
            >
              {selectedFeature && (
                <FeatureHistorySection
                  layer={selectedLayer}
                  featureId={selectedFeature.id}
                  refreshKey={historyKey}
                  signedIn={!!session.user}
                  canRestore={session.canEdit(selectedLayer.id)}
                  onRestored={() => {
                    data.reload(selectedLayer.id);
                    setHistoryKey((k) => k + 1);
                  }}
                />
              )}
            </Inspector>
          )}
          {auditOpen && session.isAdmin && (
            <AuditLogPanel
              layers={layers}
              onClose={() => setAuditOpen(false)}
              onUndone={(layerId) => {
                data.reload(layerId);
                setHistoryKey((k) => k + 1);
              }}
            />
          )}
        </section>
      </main>
    </div>
  );
}

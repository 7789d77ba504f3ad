/**
 * One feature being created or edited: the drawing on the map (map/drawing.ts), an undo stack of
 * geometry states, the attribute form, and saving with the version the user started from (If-Match).
 * A 412 becomes the `conflict` phase with the other person's version, which the user either takes
 * ("reload theirs") or overwrites (saves again against their version's ETag).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  conflictOf,
  createFeature,
  deleteFeature,
  fetchFeatureVersioned,
  replaceFeature,
  type PreconditionFailedDetails,
  type Versioned,
} from '../api/features.ts';
import type { Bilingual, Feature, LayerInfo } from '../api/types.ts';
import { bilingual } from '../i18n/index.tsx';
import { fromFormValues, toFormValues, type FieldProblem, type FormValues } from '../lib/attributeForm.ts';
import { bboxOf, type Bbox } from '../lib/geometry.ts';
import { latestOnly } from '../lib/latestOnly.ts';
import { errorText, missingAttributes } from './errorText.ts';
import { announceWrite } from './writeFeedback.ts';
import { isReshapable, loadDrawing, type Drawing, type EditableGeometry, type MapController } from '../map/index.ts';

export type EditorPhase = 'loading' | 'editing' | 'saving' | 'conflict';

export interface EditorState {
  layer: LayerInfo;
  /** null: a new feature. */
  featureId: number | null;
  phase: EditorPhase;
  /** Geometry states, oldest first; the last is the current one (null: nothing drawn yet). */
  stack: (EditableGeometry | null)[];
  /** false for shapes terra-draw cannot reshape (multi-polygons, holes): attributes only. */
  reshapable: boolean;
  values: FormValues;
  problems: Record<string, FieldProblem>;
  etag: string | null;
  conflict: PreconditionFailedDetails | null;
  error: Bilingual | null;
}

export interface EditorOptions {
  /** Features to snap to: the loaded polygons near the view, other than the one being edited. */
  snapTargets: (skip: { layer: string; id: number | null }) => GeoJSON.Feature[];
  /** After a save or delete: the layer to reload, and the saved feature (null after a delete). */
  onSaved: (layerId: string, saved: Versioned | null) => void;
}

const MAX_UNDO = 100;
const toApiError = errorText;

function intersects(a: Bbox, b: Bbox) {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The features of `collections` whose bbox meets `view`, other than the one being edited. */
export function snapTargetsIn(
  collections: readonly { layer: string; features: readonly Feature[] }[],
  view: Bbox,
  skip: { layer: string; id: number | null },
): GeoJSON.Feature[] {
  const out: GeoJSON.Feature[] = [];
  for (const c of collections)
    for (const f of c.features) {
      if (c.layer === skip.layer && f.id === skip.id) continue;
      const b = bboxOf(f.geometry);
      if (b && intersects(b, view)) out.push(f as GeoJSON.Feature);
    }
  return out;
}

export function useEditor(map: MapController | null, opts: EditorOptions) {
  const [state, setState] = useState<EditorState | null>(null);
  const drawing = useRef<Drawing | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const stateRef = useRef(state);
  stateRef.current = state;

  // a drawing whose code arrives after a cancel or a newer start is not made
  const loads = useRef(latestOnly());
  const stopDrawing = useCallback(() => {
    loads.current.stop();
    drawing.current?.destroy();
    drawing.current = null;
  }, []);
  useEffect(() => stopDrawing, [stopDrawing]);
  useEffect(() => {
    if (!map) stopDrawing();
  }, [map, stopDrawing]);

  const push = useCallback((g: EditableGeometry) => {
    setState((s) => (s ? { ...s, stack: [...s.stack, g].slice(-MAX_UNDO), error: null } : s));
  }, []);

  const begin = useCallback(
    async (layer: LayerInfo, featureId: number | null) => {
      if (!map) return null;
      stopDrawing();
      const isLatest = loads.current.start();
      const { createDrawing } = await loadDrawing();
      if (!isLatest()) return null;
      const d = createDrawing(map, { kind: layer.geometryType, color: layer.color, onChange: push });
      drawing.current = d;
      try {
        d.setSnapTargets(optsRef.current.snapTargets({ layer: layer.id, id: featureId }));
      } catch {
        /* snapping is a help, not a must */
      }
      return d;
    },
    [map, push, stopDrawing],
  );

  /** Draw a new feature of `layer`. */
  const startNew = useCallback(
    async (layer: LayerInfo) => {
      const d = await begin(layer, null);
      if (!d) return;
      d.drawNew();
      setState({
        layer,
        featureId: null,
        phase: 'editing',
        stack: [null],
        reshapable: true,
        values: toFormValues(layer.attributes, {}),
        problems: {},
        etag: null,
        conflict: null,
        error: null,
      });
    },
    [begin],
  );

  /** Edit an existing feature: read it fresh (with its ETag), then load its shape. */
  const startEdit = useCallback(
    async (layer: LayerInfo, featureId: number) => {
      const d = await begin(layer, featureId);
      if (!d) return;
      const base: EditorState = {
        layer,
        featureId,
        phase: 'loading',
        stack: [null],
        reshapable: false,
        values: toFormValues(layer.attributes, {}),
        problems: {},
        etag: null,
        conflict: null,
        error: null,
      };
      setState(base);
      try {
        const { feature, etag } = await fetchFeatureVersioned(layer.id, featureId);
        if (drawing.current !== d) return; // cancelled meanwhile
        const reshapable = isReshapable(feature.geometry);
        if (reshapable) d.load(feature.geometry as EditableGeometry);
        setState({
          ...base,
          phase: 'editing',
          stack: [reshapable ? (feature.geometry as EditableGeometry) : null],
          reshapable,
          values: toFormValues(layer.attributes, feature.properties),
          etag,
        });
      } catch (err) {
        setState({ ...base, phase: 'editing', error: toApiError(err) });
      }
    },
    [begin],
  );

  /** A failed write: a 412 shows the other person's version, anything else its message. */
  const failed = useCallback((s: EditorState, err: unknown) => {
    const conflict = conflictOf(err);
    if (conflict) {
      drawing.current?.showConflict(conflict.current?.geometry as GeoJSON.Geometry | null);
      setState({ ...s, phase: 'conflict', conflict, error: null });
    } else {
      // the server's own required-field check (e.g. a coal-ban zone's 划定文号/生效日期) marks the fields too
      const required = Object.fromEntries(missingAttributes(err).map((k): [string, FieldProblem] => [k, 'required']));
      setState({ ...s, phase: 'editing', problems: { ...s.problems, ...required }, error: toApiError(err) });
    }
  }, []);

  const setValue = useCallback((key: string, value: string) => {
    setState((s) => {
      if (!s) return s;
      const { [key]: _fixed, ...problems } = s.problems;
      return { ...s, values: { ...s.values, [key]: value }, problems };
    });
  }, []);

  const undo = useCallback(() => {
    const s = stateRef.current;
    if (!s || s.stack.length < 2) return;
    const stack = s.stack.slice(0, -1);
    drawing.current?.restore(stack[stack.length - 1] ?? null);
    setState({ ...s, stack });
  }, []);

  /** Start the shape over (new features only). */
  const redraw = useCallback(() => {
    const s = stateRef.current;
    if (!s) return;
    drawing.current?.drawNew();
    setState({ ...s, stack: [...s.stack, null] });
  }, []);

  const cancel = useCallback(() => {
    stopDrawing();
    setState(null);
  }, [stopDrawing]);

  const save = useCallback(
    async (opts: { ifMatch?: string } = {}) => {
      const s = stateRef.current;
      if (!s || s.phase === 'saving') return;
      const form = fromFormValues(s.layer.attributes, s.values);
      if (!form.ok) {
        setState({ ...s, problems: form.problems, error: bilingual('edit.fixFields') });
        return;
      }
      const current = s.stack[s.stack.length - 1] ?? null;
      let geometry: GeoJSON.Geometry | null = current;
      if (!s.reshapable && s.featureId !== null) {
        // attributes only: keep the stored shape as it is now
        geometry = null;
      } else if (!geometry) {
        setState({ ...s, error: bilingual('edit.noShape') });
        return;
      }
      setState({ ...s, phase: 'saving', problems: {}, error: null });
      try {
        let saved: Versioned;
        if (s.featureId === null) saved = await createFeature(s.layer.id, { geometry: geometry!, properties: form.properties });
        else {
          const etag = opts.ifMatch ?? s.etag ?? '';
          if (!geometry) geometry = (await fetchFeatureVersioned(s.layer.id, s.featureId)).feature.geometry;
          saved = await replaceFeature(s.layer.id, s.featureId, { geometry, properties: form.properties }, etag);
        }
        stopDrawing();
        setState(null);
        optsRef.current.onSaved(s.layer.id, saved);
        announceWrite(s.featureId === null ? 'create' : 'edit', s.layer.id, saved.warnings);
      } catch (err) {
        failed(s, err);
      }
    },
    [stopDrawing, failed],
  );

  /** Conflict: take the other person's version and go on editing from it. */
  const takeTheirs = useCallback(() => {
    const s = stateRef.current;
    if (!s?.conflict) return;
    const theirs = s.conflict.current;
    drawing.current?.showConflict(null);
    if (!theirs || s.conflict.deleted) {
      // deleted meanwhile: nothing to edit any more
      stopDrawing();
      setState(null);
      optsRef.current.onSaved(s.layer.id, null);
      return;
    }
    const reshapable = isReshapable(theirs.geometry as GeoJSON.Geometry);
    if (reshapable) drawing.current?.restore(theirs.geometry as EditableGeometry);
    setState({
      ...s,
      phase: 'editing',
      etag: s.conflict.etag,
      conflict: null,
      reshapable,
      stack: [...s.stack, reshapable ? (theirs.geometry as EditableGeometry) : null],
      values: toFormValues(s.layer.attributes, theirs.properties),
    });
  }, [stopDrawing]);

  /** Conflict: save mine over theirs (knowingly: against their version's ETag). */
  const overwrite = useCallback(() => {
    const s = stateRef.current;
    if (!s?.conflict?.etag) return;
    drawing.current?.showConflict(null);
    const etag = s.conflict.etag;
    setState({ ...s, etag, conflict: null, phase: 'editing' });
    stateRef.current = { ...s, etag, conflict: null, phase: 'editing' };
    void save({ ifMatch: etag });
  }, [save]);

  const remove = useCallback(async () => {
    const s = stateRef.current;
    if (!s || s.featureId === null || !s.etag) return;
    setState({ ...s, phase: 'saving', error: null });
    try {
      await deleteFeature(s.layer.id, s.featureId, s.etag);
      stopDrawing();
      setState(null);
      optsRef.current.onSaved(s.layer.id, null);
      announceWrite('delete', s.layer.id);
    } catch (err) {
      failed(s, err);
    }
  }, [stopDrawing, failed]);

  return { state, startNew, startEdit, setValue, undo, redraw, cancel, save: () => save(), takeTheirs, overwrite, remove };
}

export type Editor = ReturnType<typeof useEditor>;

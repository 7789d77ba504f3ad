/// <reference lib="webworker" />
/** Supercluster indexes for large point layers, off the main thread. */
import { buildIndex, clustersIn, expansionZoom, type Index, type WorkerRequest, type WorkerResponse } from './clusterCore.ts';

const indexes = new Map<string, Index>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const m = ev.data;
  const reply = (r: WorkerResponse) => scope.postMessage(r);
  try {
    if (m.type === 'load') {
      indexes.set(m.layer, buildIndex(m.points, m.opts));
      reply({ req: m.req, ok: true, result: null });
      return;
    }
    const index = indexes.get(m.layer);
    if (!index) throw new Error(`no index for ${m.layer}`);
    if (m.type === 'clusters') reply({ req: m.req, ok: true, result: clustersIn(index, m.bbox, m.zoom) });
    else reply({ req: m.req, ok: true, result: expansionZoom(index, m.clusterId) });
  } catch (err) {
    reply({ req: m.req, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};

/**
 * Where a layer's clusters are computed: in the page for small layers (no messaging overhead), in
 * a web worker for large ones (indexing 100k points takes a few hundred ms). Same answers either way.
 */
import {
  buildIndex,
  clustersIn,
  expansionZoom,
  type ClusterOptions,
  type Index,
  type PointFeature,
  type WorkerRequest,
  type WorkerResponse,
} from './clusterCore.ts';

type Bbox = [number, number, number, number];
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Req = DistributiveOmit<WorkerRequest, 'req'>;

class WorkerClient {
  private worker: Worker | null = null;
  private seq = 0;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private get w(): Worker {
    if (!this.worker) {
      this.worker = new Worker(new URL('./cluster.worker.ts', import.meta.url), { type: 'module', name: 'clusters' });
      this.worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
        const p = this.pending.get(ev.data.req);
        if (!p) return;
        this.pending.delete(ev.data.req);
        if (ev.data.ok) p.resolve(ev.data.result);
        else p.reject(new Error(ev.data.error));
      };
    }
    return this.worker;
  }

  call<T>(msg: Req): Promise<T> {
    const req = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(req, { resolve: resolve as (v: unknown) => void, reject });
      this.w.postMessage({ ...msg, req } as WorkerRequest);
    });
  }

  destroy() {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new Error('clustering stopped'));
    this.pending.clear();
  }
}

export class Clustering {
  private inline = new Map<string, Index>();
  private inWorker = new Set<string>();
  private worker = new WorkerClient();

  constructor(private readonly workerThreshold: number) {}

  async load(layer: string, points: PointFeature[], opts: ClusterOptions): Promise<void> {
    if (points.length > this.workerThreshold) {
      this.inline.delete(layer);
      this.inWorker.add(layer);
      await this.worker.call({ type: 'load', layer, points, opts });
    } else {
      this.inWorker.delete(layer);
      this.inline.set(layer, buildIndex(points, opts));
    }
  }

  has(layer: string): boolean {
    return this.inline.has(layer) || this.inWorker.has(layer);
  }

  async clusters(layer: string, bbox: Bbox, zoom: number): Promise<GeoJSON.Feature[]> {
    const idx = this.inline.get(layer);
    if (idx) return clustersIn(idx, bbox, zoom);
    if (this.inWorker.has(layer)) return this.worker.call<GeoJSON.Feature[]>({ type: 'clusters', layer, bbox, zoom });
    return [];
  }

  async expansionZoom(layer: string, clusterId: number): Promise<number> {
    const idx = this.inline.get(layer);
    if (idx) return expansionZoom(idx, clusterId);
    return this.worker.call<number>({ type: 'expansion', layer, clusterId });
  }

  destroy() {
    this.worker.destroy();
    this.inline.clear();
    this.inWorker.clear();
  }
}

/**
 * Every route the app answers, read from the Express router stack (nested routers included), so a
 * sweep over "all routes" cannot forget one added later.
 */
import type express from 'express';
import { READ_POSTS } from '../../server/features/auth/auth.middleware.ts';

export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

interface StackLayer {
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle?: { stack?: StackLayer[] };
  rawPath?: unknown;
}

export function listRoutes(app: express.Express): RouteInfo[] {
  const out: RouteInfo[] = [];
  const seen = new Set<string>();
  const walk = (stack: StackLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // the client app shell's catch-all is a RegExp route: a page, not API
        if (typeof layer.route.path !== 'string') continue;
        for (const m of Object.keys(layer.route.methods)) {
          const method = m.toUpperCase() as RouteInfo['method'];
          if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
          const path = `${prefix}${layer.route.path}`;
          if (!seen.has(`${method} ${path}`)) out.push({ method, path });
          seen.add(`${method} ${path}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk((app as unknown as { router: { stack: StackLayer[] } }).router.stack, '');
  return out;
}

/** POSTs that only read (READ_POSTS, e.g. batch screening) are reads: gated like GETs. */
export const isWrite = (r: RouteInfo) => r.method !== 'GET' && !(r.method === 'POST' && READ_POSTS.has(r.path));

/** Path parameter names of a route, e.g. /tiles/:layer/:z/:x/:y.mvt → layer, z, x, y. */
export const pathParams = (path: string) => [...path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]!);

/** Fills `:name` parameters from the given values (URL-encoded). */
export const fillPath = (path: string, values: Record<string, string>) =>
  path.replace(/:([A-Za-z_]\w*)/g, (_m, name: string) => encodeURIComponent(values[name] ?? '1'));

/**
 * A cap on concurrent heavy responses: answers too large to send in one piece (exports, large
 * OGC pages, whole layers, the full violation list). Each holds a database batch and an output
 * chunk for as long as its client takes to read, so a crowd of slow or stalled clients could hold
 * the server's memory; beyond the cap a new one is answered 429 with `Retry-After` instead.
 * One instance per app (createApp puts it on `res.locals`); `server/http/stream.ts` takes a slot
 * when an answer outgrows its first piece and gives it back when the response ends or is cut.
 */
import type { RequestHandler, Response } from 'express';
import { AppError } from './errors.ts';

export interface HeavyCapOptions {
  /** Heavy responses in flight at once. */
  max: number;
  /** What a refused client is told to wait, in seconds. */
  retryAfterSeconds: number;
  /** A response that stalls (its client accepts nothing) this long is cut and its slot freed. */
  writeTimeoutMs: number;
}

export class HeavyResponseCap {
  #active = 0;
  constructor(readonly options: HeavyCapOptions) {}

  /** The heavy responses in flight now. */
  get active(): number {
    return this.#active;
  }

  /** A slot, or undefined when all are taken; the function returned gives it back (once). */
  tryAcquire(): (() => void) | undefined {
    if (this.#active >= this.options.max) return undefined;
    this.#active++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#active--;
    };
  }

  /** The 429 a refused request gets; `Retry-After` is set on the response before it is thrown. */
  refuse(res: Response): AppError {
    const s = this.options.retryAfterSeconds;
    res.setHeader('Retry-After', String(s));
    return new AppError(
      429,
      'TOO_MANY_HEAVY_RESPONSES',
      { zh: `同时进行的大批量数据下载过多，请 ${s} 秒后重试`, en: `Too many large downloads at once; retry in ${s} s` },
      { retryAfterSeconds: s, limit: this.options.max },
    );
  }
}

const KEY = 'heavyResponseCap';

/** Makes `cap` the one the app's streamed responses use. */
export const heavyCapMiddleware =
  (cap: HeavyResponseCap): RequestHandler =>
  (_req, res, next) => {
    res.locals[KEY] = cap;
    next();
  };

/** Without the middleware (a route mounted alone): the defaults, one cap per process. */
let fallback: HeavyResponseCap | undefined;
export const HEAVY_DEFAULTS: HeavyCapOptions = { max: 16, retryAfterSeconds: 5, writeTimeoutMs: 60_000 };

export function heavyCapOf(res: Response): HeavyResponseCap {
  const cap = res.locals[KEY] as HeavyResponseCap | undefined;
  if (cap) return cap;
  fallback ??= new HeavyResponseCap(HEAVY_DEFAULTS);
  return fallback;
}

/**
 * What the app's own HTTP server (server/http/app-server.ts) is worth: the same app, on the same
 * database, answering site checks under load through it and through Express's own listen (Node's
 * plain server, which leaves Express to re-parent each request and response). The two sides take
 * turns, two rounds each, so drift on the machine falls on both; each side's best round counts.
 * The tests check the mechanism (server/http/app-server.test.ts); this row measures the effect.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import type { BenchContext } from '../context.ts';
import type { Row, Timing } from '../stats.ts';
import { rng, sitePoint } from '../synthetic.ts';

const CONNECTIONS = 10;

async function listening(server: http.Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Round {
  perSecond: number;
  timing: Timing;
  /** errors and non-2xx answers */
  failed: number;
}

/** Checks per second and latencies of one autocannon round against `url`. */
async function round(url: string, paths: string[], seconds: number): Promise<Round> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, workers: 1, requests: paths.map((path) => ({ method: 'GET', path })) });
  return {
    perSecond: result.requests.total / seconds,
    timing: { median: result.latency.p50, p95: result.latency.p97_5, runs: result.requests.total },
    failed: result.errors + result.non2xx,
  };
}

export async function appServerBench(ctx: BenchContext): Promise<Row> {
  const r = rng(321);
  const paths = Array.from({ length: 500 }, () => sitePoint(r)).map(([lng, lat]) => `/api/check?lng=${lng}&lat=${lat}`);
  const seconds = ctx.quick ? 2 : 5;
  const app = createApp({ db: ctx.db, config: {}, logger: pino({ level: 'silent' }) });
  const servers = { ours: app.listen(0, '127.0.0.1'), express: http.createServer(app).listen(0, '127.0.0.1') };
  const urls = { ours: await listening(servers.ours), express: await listening(servers.express) };
  try {
    // the zone index is built by the first check, and each server warms up once
    for (const url of Object.values(urls)) await round(url, paths, 1);
    const rounds: Record<'ours' | 'express', Round[]> = { ours: [], express: [] };
    for (let i = 0; i < 2; i++) for (const side of ['ours', 'express'] as const) rounds[side].push(await round(urls[side], paths, seconds));
    const best = (side: 'ours' | 'express') => rounds[side].reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const ours = best('ours');
    const express = best('express');
    const failed = [...rounds.ours, ...rounds.express].reduce((n, x) => n + x.failed, 0);
    return {
      case: `site check under load through the app's server, ${CONNECTIONS} connections: **${Math.round(ours.perSecond)} checks/s** (Express's own listen: ${Math.round(express.perSecond)})`,
      ours: ours.timing,
      floor: express.timing,
      floorName: "the same app through Express's own listen (Node's plain server)",
      ratio: ours.perSecond / express.perSecond,
      ratioNote: 'checks/s ÷ checks/s, best of two rounds each, taken in turns',
      target: '≥ 1×',
      met: failed === 0 && ours.perSecond >= express.perSecond,
      note: `rounds (checks/s): ours ${rounds.ours.map((x) => Math.round(x.perSecond)).join(', ')}; Express ${rounds.express.map((x) => Math.round(x.perSecond)).join(', ')}; ${failed} errors or non-2xx; p95 columns are p97.5`,
    };
  } finally {
    servers.ours.close();
    servers.express.close();
  }
}

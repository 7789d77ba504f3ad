/**
 * Reliability item 1: every file of the hostile corpus (tests/fixtures/bad/, README.md there) is
 * refused with a 4xx that says why, nothing crashes, no row changes (checksum of all features and
 * history before/after), and the server answers the next request after each file. Prints the counts.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { errorMiddleware } from '../../server/http/error.middleware.ts';
import { ioRoutes } from '../../server/features/io/io.routes.ts';
import { BASE_QUERY, FILES_DIR, HERE, writeLargeFiles, type LargeFile, type ManifestEntry } from '../fixtures/bad/generate.ts';
import { postImport } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { dataChecksum } from '../helpers/checksum.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { listenOnLoopback } from '../helpers/server.ts';
import { LEAK } from '../helpers/leak-pattern.ts';

interface Outcome {
  name: string;
  status: number;
  code?: string;
  message?: string;
}

let largeDir: string;
let large: LargeFile[];
beforeAll(async () => {
  largeDir = await mkdtemp(join(tmpdir(), 'pc-hostile-'));
  large = await writeLargeFiles(largeDir);
}, 120_000);
afterAll(() => rm(largeDir, { recursive: true, force: true }));

onEachDatabase(({ kind, db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    await postImport(app, 'construction_sites', 'sites.geojson', 'mode=replace').expect(200);
    await postImport(app, 'coal_ban_zones', 'zones.kml', 'mode=replace').expect(200);
  });

  it('refuses every hostile file with a 4xx and a reason; nothing crashes, no row changes, the server keeps answering', async () => {
    const manifest = JSON.parse(await readFile(join(HERE, 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
    const before = await dataChecksum(db());
    expect(before.features).toBeGreaterThan(0);

    const outcomes: Outcome[] = [];
    const problems: string[] = [];
    let t0 = Date.now();
    const record = async (name: string, res: request.Response) => {
      if (process.env.CORPUS_VERBOSE)
        console.log(`${name} ${res.status} ${(res.body as { error?: { code?: string } }).error?.code ?? ''} ${Date.now() - t0} ms`);
      const body = res.body as { error?: { code?: string; message?: string; messageZh?: string } };
      outcomes.push({ name, status: res.status, code: body.error?.code, message: body.error?.message });
      if (res.status < 400 || res.status >= 500) problems.push(`${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      else if (!body.error?.code || !body.error.message || !body.error.messageZh) problems.push(`${name}: ${res.status} without a coded bilingual reason`);
      else if (LEAK.test(res.text)) problems.push(`${name}: ${res.status} leaks internals: ${res.text.slice(0, 300)}`);
      // the server still answers the next request
      const next = await request(app).get('/ogc/collections/construction_sites/items?limit=1');
      if (next.status !== 200) problems.push(`${name}: the next request got ${next.status}`);
      t0 = Date.now();
    };

    // The app, and the import route alone with a 64 MB limit for the 100 MB upload (the production
    // limit is 200 MB). Listening servers of our own: supertest closes the server it makes for an app
    // as soon as the answer is in, and a 4xx sent while an upload is still streaming then ends in EPIPE.
    const limited = express();
    limited.use(ioRoutes(db(), { maxUploadBytes: 64 * 1024 * 1024 }));
    limited.use(errorMiddleware(pino({ level: 'silent' })));
    const [server, limitedServer] = await Promise.all([app, limited].map(listenOnLoopback));
    const upload = async (name: string, baseUrl: string, route: string, file: string) => {
      try {
        await record(name, await request(baseUrl).post(route).attach('file', file, basename(file)));
      } catch (err) {
        // a transport failure is a finding too, and its code says which (ECONNRESET, EPIPE…)
        problems.push(`${name}: the upload failed: ${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message}`);
      }
    };
    try {
      for (const [name, entry] of Object.entries(manifest)) {
        const query = [BASE_QUERY, entry.query].filter(Boolean).join('&');
        await upload(name, server!.url, `/api/layers/${entry.layer}/import?${query}`, join(FILES_DIR, name));
      }
      // the large ones, made for this run: the 1M-vertex polygon and the 100 MB upload
      for (const f of large) {
        await upload(f.name, (f.overLimit ? limitedServer : server)!.url, `/api/layers/${f.layer}/import?${BASE_QUERY}`, f.path);
      }
    } finally {
      await Promise.all([server, limitedServer].map((s) => s!.close()));
    }

    const after = await dataChecksum(db());
    const rejected = outcomes.filter((o) => o.status >= 400 && o.status < 500).length;
    const crashes = outcomes.filter((o) => o.status >= 500 || o.status === 0).length;
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
    const byStatus = Object.entries(counts)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const rowsChanged =
      after.featuresMd5 === before.featuresMd5 && after.layersMd5 === before.layersMd5 ? 0 : Math.max(1, Math.abs(after.features - before.features));
    console.log(`hostile corpus (${kind}): ${outcomes.length} files, ${rejected} rejected 4xx (${byStatus}), ${crashes} crashes, ${rowsChanged} rows changed`);
    expect(problems).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
    expect(after).toEqual(before);
  }, 600_000);
});

/**
 * QGIS, the desktop GIS the bureaus run, as an independent OGC API – Features client (issue #21):
 * Debian's QGIS 3.22 (python3-qgis + qgis-providers, installed by .ci/run) runs headless in one
 * process, opens every collection through its OAPIF provider and reads every feature. Its feature
 * count must equal numberMatched and the database's count, one feature's attributes must equal the
 * API's, and a bbox request (QGIS sends bbox=) must return the features the API returns for it.
 * Under CI a missing QGIS fails the suite instead of skipping it. Before the landing page linked
 * the API definition (service-desc), this QGIS crashed on the first collection it opened.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionsSchema, itemsSchema } from '../../server/features/ogc/ogc.contract.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { listen } from '../helpers/server.ts';

const run = promisify(execFile);
/** Debian's interpreter: python3-qgis installs for it (not for another python3 earlier on PATH). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'qgis-oapif.py');
const hasQgis = spawnSync(PYTHON, ['-c', 'import qgis.core'], { stdio: 'ignore' }).status === 0;
if (!hasQgis && process.env.CI)
  throw new Error(`QGIS is missing: ${PYTHON} cannot import qgis.core (apt-get install python3-qgis qgis-providers, as .ci/run does)`);

/** The old town and its surroundings: some sites of most layers fall inside, some outside. */
const BBOX = [113.25, 40.05, 113.32, 40.11] as const;

interface QgisLayer {
  valid: boolean;
  error?: string;
  count: number;
  features: Record<string, unknown>[];
  bboxNames: string[];
}

const sorted = (names: string[]) => [...names].sort();

describe.skipIf(!hasQgis)('QGIS OAPIF', () => {
  onEachDatabase(({ db }) => {
    let server: Awaited<ReturnType<typeof listen>>;
    let app: ReturnType<typeof testApp>;
    let collections: string[];
    let qgis: Record<string, QgisLayer>;

    beforeAll(async () => {
      await seedDemo(db(), PATHS.demoSeeds);
      app = testApp(db());
      // one case, so the ledger's collection has a feature too (the test app's requests are an admin's)
      await request(app).post('/api/cases').send({ lng: 113.3, lat: 40.08, title: 'QGIS 读取测试案件' }).expect(201);
      server = await listen(db());
      collections = collectionsSchema.parse((await request(app).get('/ogc/collections').expect(200)).body).collections.map((c) => c.id);
      // QGIS's profile and every temporary file of Qt's (qt_temp.*, qipc_*) in one directory, removed after
      const home = mkdtempSync(join(tmpdir(), 'qgis-home-'));
      const { stdout } = await run(PYTHON, [SCRIPT, server.url, JSON.stringify({ collections, bbox: BBOX })], {
        env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', HOME: home, XDG_RUNTIME_DIR: home, TMPDIR: home },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 170_000,
      })
        .catch((err: Error & { stderr?: string }) => {
          // QGIS 3.22 crashes (SIGSEGV) on a collection it cannot open, e.g. behind a landing page without service-desc
          throw new Error(`QGIS failed: ${err.message.split('\n')[0]}\n${(err.stderr ?? '').slice(-2000)}`);
        })
        .finally(() => rmSync(home, { recursive: true, force: true }));
      qgis = JSON.parse(stdout) as Record<string, QgisLayer>;
    });
    afterAll(() => server?.close());

    it('opens every collection, the layers and the ledger', () => {
      expect(collections).toEqual(expect.arrayContaining(['boilers', 'coal_ban_zones', 'streets', 'cases']));
      expect(Object.keys(qgis).sort()).toEqual([...collections].sort());
      for (const id of collections) expect({ id, valid: qgis[id]!.valid, error: qgis[id]!.error }).toEqual({ id, valid: true, error: undefined });
    });

    it('counts what numberMatched and the database count, and reads every feature', async () => {
      for (const id of collections) {
        const page = itemsSchema.parse((await request(app).get(`/ogc/collections/${id}/items?limit=1`).expect(200)).body);
        const [row] =
          id === 'cases'
            ? await db().query<{ n: number }>('SELECT count(*)::int AS n FROM cases')
            : await db().query<{ n: number }>('SELECT count(*)::int AS n FROM features WHERE layer_id = $1', [id]);
        expect({ id, qgis: qgis[id]!.count, read: qgis[id]!.features.length }).toEqual({ id, qgis: row!.n, read: row!.n });
        expect(page.numberMatched).toBe(row!.n);
        expect(row!.n).toBeGreaterThan(0);
      }
    });

    it('reads a feature’s attributes as the API gives them', async () => {
      for (const id of collections.filter((c) => c !== 'cases')) {
        const first = itemsSchema.parse((await request(app).get(`/ogc/collections/${id}/items?limit=1`).expect(200)).body).features[0]!;
        const { properties } = first;
        const twins = qgis[id]!.features.filter((f) => f.name === properties.name);
        expect(twins.length, `${id}: ${String(properties.name)}`).toBeGreaterThan(0);
        // every field QGIS made: the API's value, or null where the feature has none
        const expected = (f: Record<string, unknown>) => Object.fromEntries(Object.keys(f).map((k) => [k, properties[k] ?? null]));
        expect(
          twins.some((f) => JSON.stringify(f) === JSON.stringify(expected(f))),
          `${id}: ${JSON.stringify(twins[0])}`,
        ).toBe(true);
        for (const key of Object.keys(properties)) expect(Object.keys(twins[0]!), `${id}.${key}`).toContain(key);
      }
    });

    it('asks for a bbox and gets the features the API returns for it', async () => {
      let some = 0;
      for (const id of collections) {
        const page = itemsSchema.parse(
          (
            await request(app)
              .get(`/ogc/collections/${id}/items?bbox=${BBOX.join(',')}&limit=10000`)
              .expect(200)
          ).body,
        );
        const names = page.features.map((f) => String(f.properties.name ?? f.properties.title));
        expect({ id, names: sorted(qgis[id]!.bboxNames.map(String)) }).toEqual({ id, names: sorted(names) });
        some += names.length;
      }
      expect(some).toBeGreaterThan(20);
      expect(qgis.cases!.bboxNames).toEqual(['QGIS 读取测试案件']);
    });
  });
});

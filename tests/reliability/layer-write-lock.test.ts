/**
 * Issue 20, item 2: writes to one layer are serialised for the whole of their transaction. Before,
 * on the PostGIS server, two concurrent replace imports both answered 200 on an empty layer and left
 * both files' features; on a non-empty layer one died with a duplicate key in the history (500); and
 * an edit in flight when a replace import began broke the import the same way. (The embedded
 * database has one connection and serialised them already; the tests run there too.)
 */
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { constructionSitesFile, postImport } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const LAYER = 'construction_sites';
const N = 2000;

const sites = (prefix: string, n = N) => constructionSitesFile(prefix, n);

onEachDatabase(({ kind, db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(db());
  });

  /** The layer's features by name prefix, and whether history agrees with them. */
  async function layerContent() {
    const rows = await db().query<{ prefix: string; n: number }>(
      `SELECT split_part(name, '-', 1) AS prefix, count(*)::int AS n FROM features WHERE layer_id = $1 GROUP BY 1 ORDER BY 1`,
      [LAYER],
    );
    return Object.fromEntries(rows.map((r) => [r.prefix, r.n]));
  }

  async function twoReplaceImports(a: string, b: string) {
    const [ra, rb] = await Promise.all([
      postImport(app, LAYER, { name: `${a}.geojson`, data: sites(a) }, 'mode=replace'),
      postImport(app, LAYER, { name: `${b}.geojson`, data: sites(b) }, 'mode=replace'),
    ]);
    for (const r of [ra, rb]) {
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBeLessThan(500);
      expect([200, 409]).toContain(r.status);
    }
    const won = [ra, rb].filter((r) => r.status === 200);
    expect(won.length).toBeGreaterThan(0);
    const content = await layerContent();
    // exactly one file's features: the import that committed last
    expect(Object.values(content)).toEqual([N]);
    const revision = (r: { body: unknown }) => (r.body as { revision: number }).revision;
    const last = won.reduce((x, y) => (revision(x) > revision(y) ? x : y));
    expect(Object.keys(content)).toEqual([last === ra ? a : b]);
  }

  it(`two concurrent replace imports of ${N} features on an empty layer leave one file's features (${kind})`, async () => {
    expect(await layerContent()).toEqual({});
    await twoReplaceImports('A', 'B');
  }, 180_000);

  it(`two concurrent replace imports on a non-empty layer: no 500, one file's features (${kind})`, async () => {
    for (const [a, b] of [
      ['C', 'D'],
      ['E', 'F'],
    ] as const)
      await twoReplaceImports(a, b);
  }, 300_000);

  it(`edits in flight while a replace import runs: no 500, history matches every feature (${kind})`, async () => {
    await postImport(app, LAYER, { name: 'G.geojson', data: sites('G', 200) }, 'mode=replace').expect(200);
    const ids = (await db().query<{ id: number }>('SELECT id FROM features WHERE layer_id = $1 ORDER BY id', [LAYER])).map((r) => r.id);
    let importing = true;
    const answers: { status: number; body: unknown }[] = [];
    // six editors, each one edit after another (PATCH, and DELETE every fourth) on the old
    // features until the import is done, so that edits are in flight when its transaction begins
    const editor = async (start: number) => {
      for (let i = start; importing; i += 6) {
        const id = ids[i % ids.length]!;
        const got = await request(app).get(`/ogc/collections/${LAYER}/items/${id}`);
        if (got.status === 404) continue;
        const etag = got.headers.etag as string;
        const res =
          i % 4 === 3
            ? await request(app).delete(`/ogc/collections/${LAYER}/items/${id}`).set('If-Match', etag)
            : await request(app)
                .patch(`/ogc/collections/${LAYER}/items/${id}`)
                .set('If-Match', etag)
                .set('Content-Type', 'application/merge-patch+json')
                .send({ properties: { status: i % 2 ? 'suspended' : 'finished' } });
        answers.push({ status: res.status, body: res.body });
      }
    };
    const editors = Promise.all([0, 1, 2, 3, 4, 5].map(editor));
    let imported: Awaited<ReturnType<typeof postImport>>;
    try {
      imported = await postImport(app, LAYER, { name: 'H.geojson', data: sites('H') }, 'mode=replace');
    } finally {
      importing = false;
      await editors;
    }
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(200);
    expect(answers.length).toBeGreaterThan(0);
    for (const r of answers) expect([200, 204, 404, 412], JSON.stringify(r.body).slice(0, 300)).toContain(r.status);
    expect(await layerContent()).toEqual({ H: N });
    // every live feature's version has its history row
    const [orphans] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM features f
        WHERE f.layer_id = $1
          AND NOT EXISTS (SELECT 1 FROM feature_changes c WHERE c.layer_id = f.layer_id AND c.feature_id = f.id AND c.version_after = f.version)`,
      [LAYER],
    );
    expect(orphans!.n).toBe(0);
  }, 180_000);
});

/**
 * Reliability item 4: 20 editors (20 accounts) work at once, each in a read → modify → PATCH with
 * If-Match loop: all of them on one shared feature, and each on a feature of its own. Conflicts must
 * come back as 412 (and the editor retries from a fresh read); no update may be lost: the shared
 * feature ends with all 20 contributions exactly once and a version that counts them, every own
 * feature has its editor's mark, and the history holds one change per successful PATCH.
 */
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const EDITORS = 20;
const ITEMS = '/ogc/collections/construction_sites/items';
const site = (name: string) => ({
  type: 'Feature',
  properties: { name, site_type: 'building', status: 'active', contractor: '' },
  geometry: { type: 'Point', coordinates: [113.3, 40.09] },
});

onEachDatabase(({ kind, db }) => {
  let app: ReturnType<typeof testApp>;
  let editors: TestUser[];
  let shared: number;
  let own: number[];
  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    editors = [];
    for (let i = 0; i < EDITORS; i++) editors.push(await makeUser(db(), `conc-editor-${i}`, 'editor', ['construction_sites']));
    const mk = async (name: string) => (await request(app).post(ITEMS).set('Authorization', editors[0]!.bearer).send(site(name)).expect(201)).body.id as number;
    shared = await mk('共享要素');
    own = [];
    for (let i = 0; i < EDITORS; i++) own.push(await mk(`个人要素${i}`));
  }, 120_000);

  it('20 concurrent editors with ETags: conflicts are 412, retried, and no update is lost', async () => {
    const statuses: Record<number, number> = {};
    const count = (s: number) => (statuses[s] = (statuses[s] ?? 0) + 1);
    /** read → append a mark → PATCH with If-Match; on 412 read again. Returns the attempts. */
    async function append(who: TestUser, fid: number, mark: string): Promise<number> {
      for (let attempt = 1; attempt <= 200; attempt++) {
        const cur = await request(app).get(`${ITEMS}/${fid}`).expect(200);
        const note = `${cur.body.properties.contractor ?? ''}|${mark}`;
        const res = await request(app)
          .patch(`${ITEMS}/${fid}`)
          .set('Authorization', who.bearer)
          .set('If-Match', cur.headers.etag!)
          .send({ properties: { contractor: note } });
        count(res.status);
        if (res.status === 200) return attempt;
        if (res.status !== 412) throw new Error(`PATCH ${fid}: ${res.status} ${JSON.stringify(res.body)}`);
        expect(res.body.error.details.etag).toMatch(/^"construction_sites\.\d+\.v\d+"$/);
      }
      throw new Error('no progress after 200 attempts');
    }
    const [changesBefore] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM feature_changes WHERE layer_id = 'construction_sites'`);
    await Promise.all(
      editors.map(async (who, i) => {
        await append(who, shared, `e${i}`);
        await append(who, own[i]!, `own${i}`);
        await append(who, shared, `f${i}`);
      }),
    );

    const end = await request(app).get(`${ITEMS}/${shared}`).expect(200);
    const marks = String(end.body.properties.contractor).split('|').filter(Boolean);
    const expected = editors.flatMap((_, i) => [`e${i}`, `f${i}`]);
    expect([...marks].sort()).toEqual([...expected].sort()); // every contribution, exactly once
    expect(end.headers.etag).toBe(`"construction_sites.${shared}.v${1 + expected.length}"`);
    for (const [i, fid] of own.entries()) expect((await request(app).get(`${ITEMS}/${fid}`).expect(200)).body.properties.contractor).toBe(`|own${i}`);
    const [changesAfter] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM feature_changes WHERE layer_id = 'construction_sites'`);
    expect(changesAfter!.n - changesBefore!.n).toBe(statuses[200]);
    expect(statuses[200]).toBe(3 * EDITORS);
    expect(Object.keys(statuses).sort()).toEqual(statuses[412] ? ['200', '412'] : ['200']);
    console.log(
      `concurrency (${kind}): ${EDITORS} editors, ${statuses[200]} updates applied, ${statuses[412] ?? 0} conflicts answered 412 and retried, 0 lost updates`,
    );
  }, 300_000);
});

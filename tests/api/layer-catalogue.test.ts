/**
 * The layer catalogue (server/features/layers/catalogue) is the source of the layers; the
 * database must agree with it: one `layers` row and one `features` partition per catalogue id, each
 * partition's geometry CHECK matching the layer's geometry type, and nothing else kept per layer.
 */
import { expect, it } from 'vitest';
import { LAYERS } from '../../server/features/layers/catalogue/index.ts';
import { onEachDatabase } from '../helpers/db.ts';

const CHECK_BY_KIND = {
  Point: "CHECK ((geometrytype(geom) = 'POINT'::text))",
  Polygon: "CHECK ((geometrytype(geom) = ANY (ARRAY['POLYGON'::text, 'MULTIPOLYGON'::text])))",
} as const;

const catalogue = () => LAYERS.map((l) => l.id).sort();

onEachDatabase(({ db }) => {
  it('holds one layers row per catalogue layer, with only the id and the revision', async () => {
    const rows = await db().query<{ id: string }>('SELECT id FROM layers ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(catalogue());
    const columns = await db().query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'layers' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'revision']);
  });

  it('partitions features by exactly the catalogue ids, each with its geometry CHECK', async () => {
    const parts = await db().query<{ bound: string; checks: string[] | null }>(`
      SELECT pg_get_expr(c.relpartbound, c.oid) AS bound,
             (SELECT array_agg(pg_get_constraintdef(k.oid) ORDER BY k.conname) FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.conislocal) AS checks
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'features'::regclass`);
    const byId = new Map(
      parts.map((p) => {
        const id = /^FOR VALUES IN \('([a-z_]+)'\)$/.exec(p.bound)?.[1];
        if (!id) throw new Error(`unexpected partition bound: ${p.bound}`);
        return [id, p.checks ?? []] as const;
      }),
    );
    expect([...byId.keys()].sort()).toEqual(catalogue());
    for (const layer of LAYERS) expect({ id: layer.id, checks: byId.get(layer.id) }).toEqual({ id: layer.id, checks: [CHECK_BY_KIND[layer.geometryType]] });
  });
});

/**
 * GDAL's OAPIF driver is an independent OGC API – Features client: it must list every collection
 * and read every feature of every layer through our paging, with the same ids and names as the
 * database holds.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LAYERS } from '../../server/features/layers/catalogue/index.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { listen } from '../helpers/server.ts';

const run = promisify(execFile);

onEachDatabase(({ db }) => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    await seedDemo(db(), PATHS.demoSeeds);
    server = await listen(db());
  });
  afterAll(() => server?.close());

  it('ogrinfo lists every layer', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-q', `OAPIF:${server.url}/ogc`]);
    for (const layer of LAYERS) expect(stdout).toContain(`: ${layer.id}`);
  });

  it.each(LAYERS.map((l) => l.id))('ogr2ogr reads every feature of %s', async (layerId) => {
    const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${server.url}/ogc`, layerId, '-oo', 'PAGE_SIZE=7'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const fc = JSON.parse(stdout) as { features: { properties: { name: string } }[] };
    const rows = await db().query<{ name: string }>('SELECT name FROM features WHERE layer_id = $1 ORDER BY id', [layerId]);
    expect(rows.length).toBeGreaterThan(0);
    expect(fc.features.map((f) => f.properties.name).sort()).toEqual(rows.map((r) => r.name).sort());
  });
});

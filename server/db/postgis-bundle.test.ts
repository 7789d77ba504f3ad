/**
 * The filtered PostGIS bundle (postgis-bundle.ts) leaves out exactly the files of the three
 * extensions the app never creates and copies every other entry of pglite-postgis's bundle byte for
 * byte. That PostGIS works from it is what every embedded test shows.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { postgis } from '@electric-sql/pglite-postgis';
import { describe, expect, it } from 'vitest';
import { withoutUnused } from './postgis-bundle.ts';
import { tarEntries } from './tar.ts';

/** Each entry of a tar archive: its name and its blocks (header and data). */
const entries = (tar: Buffer) => new Map([...tarEntries(tar)].map((e) => [e.name, e.blocks]));

describe('the filtered PostGIS bundle', () => {
  it('drops the raster, topology and tiger geocoder files only, and keeps every other entry as it was', async () => {
    const { bundlePath } = await postgis.setup(undefined as never, { PGLITE_ENV: {} });
    const full = entries(gunzipSync(readFileSync(bundlePath)));
    const slim = entries(withoutUnused(gunzipSync(readFileSync(bundlePath))));
    const dropped = [...full.keys()].filter((name) => !slim.has(name));
    expect(dropped.length).toBeGreaterThan(300);
    expect(dropped.filter((name) => !/\/postgis_(raster|topology|tiger_geocoder)[-.][^/]*$/.test(name))).toEqual([]);
    expect(dropped).toContain('lib/postgresql/postgis_raster-3.so');
    expect(dropped).toContain('lib/postgresql/postgis_topology-3.so');
    for (const [name, blocks] of slim) expect(blocks.equals(full.get(name)!), name).toBe(true);
    expect([...slim.keys()]).toEqual(
      expect.arrayContaining(['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control', 'share/proj/proj.db']),
    );
  });
});

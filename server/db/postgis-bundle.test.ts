/**
 * The filtered PostGIS bundle (postgis-bundle.ts) leaves out exactly the files of the three
 * extensions the app never creates and keeps every other entry of pglite-postgis's bundle as it was:
 * name, type, mode, time, link and bytes. That PostGIS works from it is what every embedded test shows.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { postgis } from '@electric-sql/pglite-postgis';
import { type ParsedTarEntryWithData, unpackTar } from 'modern-tar';
import { describe, expect, it } from 'vitest';
import { withoutUnused } from './postgis-bundle.ts';

/** Each entry of a tar archive by name. */
const entries = async (tar: Uint8Array) => new Map((await unpackTar(tar)).map((e) => [e.header.name, e]));

/** What an entry is, beside its bytes. */
const described = ({ header: h }: ParsedTarEntryWithData) => ({
  type: h.type,
  mode: h.mode,
  mtime: h.mtime?.getTime(),
  size: h.size,
  linkname: h.linkname ?? '',
});

describe('the filtered PostGIS bundle', () => {
  it('drops the raster, topology and tiger geocoder files only, and keeps every other entry as it was', async () => {
    const { bundlePath } = await postgis.setup(undefined as never, { PGLITE_ENV: {} });
    const original = gunzipSync(readFileSync(bundlePath));
    const full = await entries(original);
    const slim = await entries(await withoutUnused(original));
    const dropped = [...full.keys()].filter((name) => !slim.has(name));
    expect(dropped.length).toBeGreaterThan(300);
    expect(dropped.filter((name) => !/\/postgis_(raster|topology|tiger_geocoder)[-.][^/]*$/.test(name))).toEqual([]);
    expect(dropped).toContain('lib/postgresql/postgis_raster-3.so');
    expect(dropped).toContain('lib/postgresql/postgis_topology-3.so');
    expect(slim.size + dropped.length).toBe(full.size);
    for (const [name, entry] of slim) {
      const was = full.get(name)!;
      expect(described(entry), name).toEqual(described(was));
      expect(Buffer.from(entry.data ?? []).equals(Buffer.from(was.data ?? [])), name).toBe(true);
    }
    expect([...slim.keys()]).toEqual(
      expect.arrayContaining(['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control', 'share/proj/proj.db']),
    );
  });
});
